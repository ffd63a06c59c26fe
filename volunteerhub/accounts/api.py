from ninja import Field, Router, Schema, Status

from volunteerhub.accounts import services
from volunteerhub.accounts.auth import AUTH, bearer_key, user_for_token
from volunteerhub.core.addresses import client_ip
from volunteerhub.core.errors import NotAuthenticated

router = Router(tags=["auth"])


class TokenIn(Schema):
    phone: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/auth/token", response=TokenOut, summary="Exchange mobile number and password for a bearer token")
def token(request, payload: TokenIn):
    return {"token": services.token_issue(phone=payload.phone, password=payload.password,
                                          ip=client_ip(request))}


@router.delete("/auth/token", response={204: None}, auth=AUTH,
               summary="Sign out this device: its bearer token is refused from the next request on")
def token_revoke(request):
    key = bearer_key(request)
    if key:
        services.token_revoke(key=key)
    return Status(204, None)


@router.delete("/auth/tokens", response={204: None}, auth=AUTH,
               summary="Sign out everywhere: every token and browser session of mine ends at once")
def sign_out_everywhere(request):
    services.account_sign_out_everywhere(user=request.auth)
    return Status(204, None)


class PasswordIn(Schema):
    old_password: str = Field(..., max_length=128)
    new_password: str = Field(..., max_length=128)


@router.post("/me/password", response={204: None}, auth=AUTH,
             summary="A new password: the current one is needed; every device signs in again")
def password_change(request, payload: PasswordIn):
    services.password_change(user=request.auth, old_password=payload.old_password,
                             new_password=payload.new_password)
    return Status(204, None)


class WeChatLoginIn(Schema):
    code: str
    phone: str = ""
    password: str = ""


class UnboundOut(Schema):
    unbound: int


@router.post("/auth/wechat", response=TokenOut,
             summary="Log in with a wx.login code; with a bearer token (or phone and password) it binds WeChat")
def wechat_login(request, payload: WeChatLoginIn):
    return {"token": services.wechat_login(code=payload.code, user=_bearer_user(request), phone=payload.phone,
                                           password=payload.password, ip=client_ip(request))}


@router.delete("/auth/wechat", response=UnboundOut, auth=AUTH, summary="Unbind my WeChat identity")
def wechat_unbind(request):
    return {"unbound": services.wechat_unbind(user=request.auth)}


def _bearer_user(request):
    """Binding needs a bearer token (never the session cookie alone: no cross-site binding); a bad token is refused."""
    key = bearer_key(request)
    if not key:
        return None
    user = user_for_token(key)
    if user is None:
        raise NotAuthenticated()
    return user
