import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)

from volunteerhub.core.handlers import Application  # noqa: E402 (after setup)

application = Application()
