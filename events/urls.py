from django.urls import path

from events import feeds, interactions, views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("week/", views.week, name="week"),
    path("month/", views.month, name="month"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp_create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/walk-ins/", views.walk_ins, name="walk_ins"),
    path("<int:pk>/meeting/", views.meeting, name="meeting"),
    path("<int:pk>/event.ics", feeds.event_ics, name="event_ics"),
    path("rsvp/<str:token>/", views.rsvp_page, name="rsvp"),
    path("rsvp/<str:token>/confirm/", views.rsvp_confirm, name="rsvp_confirm"),
    path("rsvp/<str:token>/cancel/", views.rsvp_cancel, name="rsvp_cancel"),
    path("rsvp/<str:token>/qr.svg", views.rsvp_qr, name="rsvp_qr"),
    path("feedback/<str:token>/", views.feedback, name="feedback"),
    path("officers/<int:pk>/", views.officer, name="officer"),
    path("calendar.ics", feeds.calendar_all, name="calendar"),
    path("area/<int:pk>/calendar.ics", feeds.calendar_area, name="calendar_area"),
    path("type/<slug:code>/calendar.ics", feeds.calendar_type, name="calendar_type"),
    path("feed/rss/", feeds.NewEventsFeed(), name="feed_rss"),
    path("feed/atom/", feeds.NewEventsAtomFeed(), name="feed_atom"),
    path("interactions/new/", interactions.new, name="interaction_new"),
    path("interactions/totals/", interactions.totals, name="interaction_totals"),
    path("interactions/", interactions.public, name="interactions_public"),
]
