"""The project's URLs plus the throwaway module's one line, as a real module would add."""

from django.urls import include, path

from trustbeat.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("throwaway/", include("trustbeat.tests.throwaway_module.urls")),
]
