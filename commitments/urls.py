from django.urls import path

from commitments.views import public, staff

app_name = "commitments"
urlpatterns = [
    path("", public.board, name="board"),
    path("you-said-we-did/", public.you_said, name="you_said"),
    path("<int:pk>/", public.detail, name="detail"),
    # Staff.
    path("manage/", staff.manage, name="manage"),
    path("new/", staff.new, name="new"),
    path("<int:pk>/edit/", staff.edit, name="edit"),
    path("<int:pk>/status/", staff.change_status, name="change_status"),
    path("<int:pk>/progress/", staff.change_progress, name="change_progress"),
    path("<int:pk>/milestones/new/", staff.milestone_new, name="milestone_new"),
    path("statuses/", staff.statuses, name="statuses"),
]
