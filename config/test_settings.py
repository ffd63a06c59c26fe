"""Settings for the test suite: the real settings with a fast password hasher."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No listening thread per test process (it would hold a connection to the test database while it is
# dropped); the tests of the change feed turn it on and stop it themselves.
CHANGE_FEED = False
