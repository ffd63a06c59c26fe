"""Static files fingerprinted, with Brotli and gzip copies (WhiteNoise), each content compressed only once.

`volunteerhub serve` runs collectstatic at every start (`collect`), and collectstatic rewrites every script and style
sheet; WhiteNoise would then compress them all again (most of a minute of Brotli on two cores). The compressed bytes
are kept in STATIC_COMPRESSED_DIR by the digest of what was compressed, so a start after the first costs a second or
two.
"""

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressOnce(Compressor):
    def compress_brotli(self, data: bytes) -> bytes:
        return _kept(data, ".br", Compressor.compress_brotli)

    def compress_gzip(self, data: bytes) -> bytes:
        return _kept(data, ".gz", Compressor.compress_gzip)


def _kept(data: bytes, suffix: str, compress) -> bytes:
    folder = Path(settings.STATIC_COMPRESSED_DIR)
    path = folder / (hashlib.sha256(data).hexdigest() + suffix)
    if path.is_file():
        return path.read_bytes()
    out = compress(data)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder)  # written whole, then renamed: servers may start together
    with os.fdopen(handle, "wb") as file:
        file.write(out)
    os.replace(temporary, path)
    return out


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return CompressOnce(**kwargs)


def collect() -> None:
    """collectstatic, one process at a time per static root (servers started together share it)."""
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".collecting.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        call_command("collectstatic", interactive=False, verbosity=0)
