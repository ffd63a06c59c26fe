"""Path converters for page URLs."""


class IdConverter:
    """A row id in a page's path: 1 to 18 digits, so that a number no column holds is simply not found."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
