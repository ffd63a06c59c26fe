import pytest

from volunteerhub.maps import index


@pytest.fixture(autouse=True)
def _cold_map_index():
    """Each test starts with no warm index (rows from other tests must not linger in memory)."""
    index.invalidate()
    yield
    index.invalidate()
