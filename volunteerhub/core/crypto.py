"""Encryption at rest and blind indexes for personal data (PIPL: minimum, encrypted, masked)."""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _derived_key(purpose: str) -> bytes:
    return hashlib.sha256(f"volunteerhub:{purpose}:{settings.SECRET_KEY}".encode()).digest()


@functools.cache
def _fernet(key_setting: str) -> Fernet:
    key = key_setting.encode() if key_setting else base64.urlsafe_b64encode(_derived_key("field"))
    return Fernet(key)


def encrypt(plain: str) -> str:
    """Encrypt a short personal value; every call gives a different ciphertext."""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a key change without re-encryption is an operator error
        raise ValueError("cannot decrypt personal data with the configured key") from exc


def blind_index(plain: str) -> str:
    """Keyed hash for equality look-ups (uniqueness) without storing the value."""
    key = settings.BLIND_INDEX_KEY.encode() if settings.BLIND_INDEX_KEY else _derived_key("blind")
    return hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()
