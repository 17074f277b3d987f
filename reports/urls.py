from django.urls import path

from reports import feeds
from reports.views import alerts, categories, maps, public, staff, submit, walks

app_name = "reports"
urlpatterns = [
    path("", public.index, name="index"),
    # Reporting a problem (three steps) and "me too".
    path("new/", submit.new_place, name="new"),
    path("new/nearby/", submit.new_nearby, name="new_nearby"),
    path("new/details/", submit.new_details, name="new_details"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/support/", submit.support, name="support"),
    path("<int:pk>/r/<str:token>/", public.reporter, name="reporter"),
    # Map, list and hotspots.
    path("map/", maps.map_page, name="map"),
    path("map.json", maps.map_json, name="map_json"),
    path("list/", maps.list_view, name="list"),
    path("hotspots/", maps.hotspots, name="hotspots"),
    path("hotspots.json", maps.hotspots_json, name="hotspots_json"),
    # Staff.
    path("queue/", staff.queue, name="queue"),
    path("<int:pk>/manage/", staff.manage, name="manage"),
    path("<int:pk>/manage/<slug:action>/", staff.manage_action, name="manage_action"),
    path("categories/", categories.category_list, name="categories"),
    path("categories/new/", categories.category_new, name="category_new"),
    path("categories/<slug:code>/edit/", categories.category_edit, name="category_edit"),
    path("categories/<slug:code>/questions/add/", categories.attribute_add,
         name="category_attribute_add"),
    path("categories/<slug:code>/questions/<int:pk>/remove/", categories.attribute_remove,
         name="category_attribute_remove"),
    path("categories/<slug:code>/routes/add/", categories.route_add, name="category_route_add"),
    path("categories/<slug:code>/routes/<int:pk>/remove/", categories.route_remove,
         name="category_route_remove"),
    # Alerts and feeds.
    path("alerts/", alerts.subscribe, name="alerts"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="alert_confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="alert_unsubscribe"),
    path("feeds/report/<int:pk>/rss/", feeds.report_rss, name="feed_report_rss"),
    path("feeds/report/<int:pk>/atom/", feeds.report_atom, name="feed_report_atom"),
    path("feeds/area/<int:pk>/rss/", feeds.area_rss, name="feed_area_rss"),
    path("feeds/area/<int:pk>/atom/", feeds.area_atom, name="feed_area_atom"),
    path("feeds/category/<slug:code>/rss/", feeds.category_rss, name="feed_category_rss"),
    path("feeds/category/<slug:code>/atom/", feeds.category_atom, name="feed_category_atom"),
    path("feeds/near/rss/", feeds.near_rss, name="feed_near_rss"),
    path("feeds/near/atom/", feeds.near_atom, name="feed_near_atom"),
    # Neighborhood walks.
    path("walks/", walks.walk_list, name="walks"),
    path("walks/new/", walks.walk_new, name="walk_new"),
    path("walks/<int:pk>/", walks.walk_detail, name="walk"),
    path("walks/<int:pk>/finish/", walks.walk_finish, name="walk_finish"),
]
