import pytest

from volunteerhub.maps import index


@pytest.fixture(autouse=True)
def _no_map_index():
    """Each test starts with no index in this process (another test's posts must not linger in memory)."""
    index.forget()
    yield
    index.forget()
