"""One family of application errors with stable codes, mapped to JSON in one place (config/api.py).

Body: {"code": ..., "message": ..., "fields": {name: [reasons]}}; messages in Chinese or English.
"""

from django.utils.translation import gettext_lazy
from volunteerhub.core.i18n import Text


class ApplicationError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: Text | str | None = None, *, code: str | None = None,
                 fields: dict[str, list[Text | str]] | None = None, status: int | None = None):
        self.message = message if message is not None else gettext_lazy("Bad request")
        self.code = code or self.code
        self.fields = fields or {}
        if status is not None:
            self.status = status
        super().__init__(str(self.message))

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: [str(r) for r in reasons] for name, reasons in self.fields.items()},
        }


class ValidationFailed(ApplicationError):
    status = 400
    code = "validation_error"

    def __init__(self, fields: dict[str, list[Text | str]], message: Text | str | None = None, **kw):
        super().__init__(message or gettext_lazy("Invalid input: see the fields"),
                         fields=fields, **kw)


class Problems(dict):
    """Problems with input fields, gathered while cleaning so that one answer names them all."""

    def add(self, field: str, message: Text) -> None:
        self.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self:
            raise ValidationFailed(dict(self))


def field_error(field: str, message: Text) -> ValidationFailed:
    return ValidationFailed({field: [message]})


class NotAuthenticated(ApplicationError):
    status = 401
    code = "not_authenticated"

    def __init__(self, message=None, **kw):
        super().__init__(message or gettext_lazy("Authentication required"), **kw)


class PermissionDenied(ApplicationError):
    status = 403
    code = "permission_denied"

    def __init__(self, message=None, **kw):
        super().__init__(message or gettext_lazy("You are not allowed to do this"), **kw)


class NotFound(ApplicationError):
    status = 404
    code = "not_found"

    def __init__(self, message=None, **kw):
        super().__init__(message or gettext_lazy("Not found"), **kw)


class Conflict(ApplicationError):
    status = 409
    code = "conflict"

    def __init__(self, message=None, **kw):
        super().__init__(message or gettext_lazy("Conflicts with an existing record"), **kw)
