from django.urls import path

from directory.views import public, staff

app_name = "directory"
urlpatterns = [
    path("", public.index, name="index"),
    path("services/<str:pk>/", public.service_detail, name="service"),
    path("services/<str:pk>/print/", public.service_print, name="service_print"),
    # Editors.
    path("manage/", staff.manage, name="manage"),
    path("services/<str:pk>/edit/", staff.service_edit, name="service_edit"),
    path("services/<str:pk>/verify/", staff.service_verify, name="service_verify"),
    path("services/<str:pk>/hours/add/", staff.schedule_add, name="schedule_add"),
    path(
        "services/<str:pk>/hours/<str:schedule>/remove/",
        staff.schedule_remove,
        name="schedule_remove",
    ),
]
