import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustbeat.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

from trustbeat.checks import secret_key_is_default  # noqa: E402

if not settings.DEBUG and secret_key_is_default():
    raise ImproperlyConfigured("Refusing to start: SECRET_KEY is the public development key.")
