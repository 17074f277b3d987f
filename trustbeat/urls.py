from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from pages.views import favicon

urlpatterns = [
    path("", include("pages.urls")),
    path("accounts/", include("accounts.urls")),
    path("places/", include("places.urls")),
    path("reports/", include("reports.urls")),
    path("open311/v2/", include("reports.open311.urls")),
    path("commitments/", include("commitments.urls")),
    path("events/", include("events.urls")),
    path("trust/", include("trust.urls")),
    path("resources/", include("directory.urls")),
    path("hsds/", include("directory.hsds.urls")),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon, name="favicon"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
