"""Encryption at rest and blind indexes for personal data (PIPL: minimum, encrypted, masked), and the keys
they and the check-in codes use: each a secret of its own, never derived from SECRET_KEY in production."""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NO_KEY_OPENS = "cannot decrypt personal data with any key in FIELD_ENCRYPTION_KEY"


def key(name: str) -> str:
    """The secret in setting `name`; unset, it is derived from SECRET_KEY (a purpose per name) only where
    development keys are allowed (DEBUG, the demo, the tests), and refused everywhere else."""
    value = getattr(settings, name)
    if value:
        return value
    if not settings.DEVELOPMENT_KEYS:
        raise ImproperlyConfigured(f"{name} 未设置（volunteerhub keys generate 可生成）。"
                                   f" {name} is not set (volunteerhub keys generate prints one).")
    digest = hashlib.sha256(f"volunteerhub:{name}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


@functools.cache
def _fernets(keys: str) -> tuple[Fernet, MultiFernet]:
    """The newest key, and all of them (FIELD_ENCRYPTION_KEY: comma-separated, newest first)."""
    each = [Fernet(k.strip()) for k in keys.split(",") if k.strip()]
    return each[0], MultiFernet(each)


def encrypt(plain: str) -> str:
    """Encrypt a short personal value with the newest key; every call gives a different ciphertext."""
    return _fernets(key("FIELD_ENCRYPTION_KEY"))[1].encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernets(key("FIELD_ENCRYPTION_KEY"))[1].decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a key dropped before `keys rotate` finished is an operator error
        raise ValueError(NO_KEY_OPENS) from exc


def reencrypt(token: str) -> str | None:
    """The value encrypted with the newest key, or None when it already is (`keys rotate` leaves it)."""
    newest, every = _fernets(key("FIELD_ENCRYPTION_KEY"))
    try:
        newest.decrypt(token.encode())
        return None
    except InvalidToken:
        pass
    try:
        return every.rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError(NO_KEY_OPENS) from exc


def blind_index(plain: str) -> str:
    """Keyed hash for equality look-ups (uniqueness) without storing the value."""
    return hmac.new(key("BLIND_INDEX_KEY").encode(), plain.encode(), hashlib.sha256).hexdigest()
