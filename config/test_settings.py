"""Settings for the test suite: the real settings with a fast password hasher."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests run inside transactions a background thread cannot see: they build the map index themselves
# (maps.index.build_now), and the tests with real server processes turn this on.
MAP_INDEX_BACKGROUND_BUILD = False

# The suite runs without keys: development keys are allowed here and in the servers and commands tests start
# (they inherit the environment; the tests of the refusal take it out).
import os  # noqa: E402

DEVELOPMENT_KEYS = True
os.environ.setdefault("VOLUNTEERHUB_DEMO", "1")

# Django's test client and live server read static files where they lie (no collectstatic before each run): plain
# storage. The servers the tests start as processes (`volunteerhub serve`) use the fingerprinted, compressed files.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
