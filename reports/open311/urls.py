"""Mounted at /open311/v2/ by trustbeat/urls.py. Each method answers as .xml and .json."""

from django.urls import path, register_converter

from reports.open311 import views


class FormatConverter:
    regex = "xml|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311fmt")

app_name = "open311"
urlpatterns = [
    path("discovery.<open311fmt:fmt>", views.discovery, name="discovery"),
    path("services.<open311fmt:fmt>", views.services, name="services"),
    path("services/<str:code>.<open311fmt:fmt>", views.service_definition, name="service"),
    path("requests.<open311fmt:fmt>", views.requests, name="requests"),
    path("requests/<str:request_id>.<open311fmt:fmt>", views.request_detail, name="request"),
    path("tokens/<str:token>.<open311fmt:fmt>", views.token, name="token"),
    path(
        "servicerequestupdates.<open311fmt:fmt>",
        views.service_request_updates,
        name="updates",
    ),
]
