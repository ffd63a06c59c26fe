import re

from django.core.exceptions import ValidationError


class LettersAndDigitsValidator:
    """A password must mix letters and digits (common rule for government platforms)."""

    def validate(self, password, user=None):
        if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
            raise ValidationError("The password must contain both letters and digits.", code="password_letters_digits")

    def get_help_text(self):
        return "The password must contain both letters and digits."
