"""One family of application errors with stable codes, mapped to JSON in one place (config/api.py).

Body: {"code": ..., "message": ..., "fields": {name: [reasons]}}; messages in Chinese or English.
"""

from volunteerhub.core.i18n import Text


class ApplicationError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: Text | str | None = None, *, code: str | None = None,
                 fields: dict[str, list[Text | str]] | None = None, status: int | None = None):
        self.message = message if message is not None else Text("请求有误", "Bad request")
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
        super().__init__(message or Text("输入有误，请检查标出的字段", "Invalid input: see the fields"),
                         fields=fields, **kw)


class Problems(dict):
    """Problems with input fields, gathered while cleaning so that one answer names them all."""

    def add(self, field: str, zh: str, en: str) -> None:
        self.setdefault(field, []).append(Text(zh, en))

    def raise_any(self) -> None:
        if self:
            raise ValidationFailed(dict(self))


def field_error(field: str, zh: str, en: str) -> ValidationFailed:
    return ValidationFailed({field: [Text(zh, en)]})


class NotAuthenticated(ApplicationError):
    status = 401
    code = "not_authenticated"

    def __init__(self, message=None, **kw):
        super().__init__(message or Text("请先登录", "Authentication required"), **kw)


class PermissionDenied(ApplicationError):
    status = 403
    code = "permission_denied"

    def __init__(self, message=None, **kw):
        super().__init__(message or Text("无权执行此操作", "You are not allowed to do this"), **kw)


class NotFound(ApplicationError):
    status = 404
    code = "not_found"

    def __init__(self, message=None, **kw):
        super().__init__(message or Text("未找到", "Not found"), **kw)


class Conflict(ApplicationError):
    status = 409
    code = "conflict"

    def __init__(self, message=None, **kw):
        super().__init__(message or Text("与现有记录冲突", "Conflicts with an existing record"), **kw)
