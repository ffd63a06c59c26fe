import os

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

from volunteerhub.core.checks import startup_refusal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if refusal := startup_refusal():  # production never runs on development keys
    raise ImproperlyConfigured(refusal)
application = get_asgi_application()
