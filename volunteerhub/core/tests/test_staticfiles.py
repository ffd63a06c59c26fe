"""Static files are fingerprinted with Brotli and gzip copies, and each content is compressed only once."""

import brotli

from volunteerhub.core import staticfiles
from volunteerhub.core.staticfiles import CompressOnce

PRODUCTION = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
              "staticfiles": {"BACKEND": "volunteerhub.core.staticfiles.CompressedManifestStorage"}}


def test_a_content_compressed_once_is_taken_from_the_kept_copy_after(tmp_path, settings):
    settings.STATIC_COMPRESSED_DIR = tmp_path / "kept"
    data = b"body { color: #c8102e; }\n" * 200

    assert brotli.decompress(CompressOnce(quiet=True).compress_brotli(data)) == data
    [kept] = (tmp_path / "kept").iterdir()
    kept.write_bytes(b"the kept copy")

    assert CompressOnce(quiet=True).compress_brotli(data) == b"the kept copy"
    assert brotli.decompress(CompressOnce(quiet=True).compress_brotli(data + b"\n")) == data + b"\n"


def test_collecting_writes_fingerprinted_files_with_their_compressed_copies(tmp_path, settings):
    settings.STORAGES = PRODUCTION
    settings.STATIC_ROOT = tmp_path / "static"

    staticfiles.collect()

    from django.contrib.staticfiles.storage import staticfiles_storage

    css = staticfiles_storage.stored_name("core/site.css")
    assert css != "core/site.css" and css.startswith("core/site.")
    assert (tmp_path / "static" / f"{css}.br").is_file() and (tmp_path / "static" / f"{css}.gz").is_file()
    assert not list((tmp_path / "static").rglob("*.map.br"))
