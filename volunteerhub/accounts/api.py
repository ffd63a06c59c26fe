from django.conf import settings
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from volunteerhub.accounts import consents, services
from volunteerhub.accounts.codes import phone_code_send
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


class CodeIn(Schema):
    phone: str = Field(..., max_length=20, description="手机号 1[3-9]xxxxxxxxx")
    purpose: str = Field(..., description="register (注册) or password (找回密码)")


class CodeOut(Schema):
    message: str
    resend_after: int = Field(..., description="seconds before another code may be asked for")
    expires_in: int = Field(..., description="seconds the code stays valid")


@router.post("/auth/sms-code", response={202: CodeOut},
             summary="Text a 6-digit code to a mobile (registration, a forgotten password); 60 s between codes")
def sms_code(request, payload: CodeIn):
    if payload.purpose == "password":  # the same answer whether or not the mobile has an account
        services.password_reset_code_send(phone=payload.phone, ip=client_ip(request))
        message = services.PASSWORD_CODE_SENT
    else:
        phone_code_send(phone=payload.phone, purpose=payload.purpose, ip=client_ip(request))
        message = gettext_lazy("Code sent: valid for 10 minutes")
    return Status(202, {"message": str(message), "resend_after": settings.SMS_CODE_RESEND_SECONDS,
                        "expires_in": settings.SMS_CODE_TTL_SECONDS})


class PasswordResetIn(Schema):
    phone: str = Field(..., max_length=20)
    sms_code: str = Field(..., max_length=12, description="the code texted by POST /auth/sms-code (purpose password)")
    new_password: str = Field(..., max_length=128)


@router.post("/auth/password/reset", response={204: None},
             summary="A forgotten password: a new one with a texted code; every device of the account signs in again")
def password_reset(request, payload: PasswordResetIn):
    services.password_reset(phone=payload.phone, code=payload.sms_code, new_password=payload.new_password)
    return Status(204, None)


class PolicyOut(Schema):
    kind: str = Field(..., description="terms (用户协议) or privacy (隐私政策)")
    version: int
    title: str
    body: str
    url: str


@router.get("/policies", response=list[PolicyOut], summary="The current user agreement and privacy policy")
def policies(request):
    return [{"kind": text.kind, "version": text.version, "title": text.title, "body": text.body,
             "url": f"/policies/{text.kind}/"} for text in consents.policies_current()]


class ConsentIn(Schema):
    accept_policies: bool = Field(False, description="the user agreement and privacy policy, current versions")
    consent_id_number: bool = Field(False, description="separate consent: the ID number (sensitive personal info)")
    consent_location: bool = Field(False, description="separate consent: location")


class ConsentOut(Schema):
    terms_version: int
    privacy_version: int
    consented_at: str


@router.post("/me/consent", response={201: ConsentOut}, auth=AUTH,
             summary="Consent to the current agreement and privacy policy (asked again when a version changes)")
def consent(request, payload: ConsentIn):
    row = consents.consent_record(user=request.auth, **payload.dict(), ip=client_ip(request),
                                  user_agent=request.headers.get("User-Agent", ""))
    return Status(201, {"terms_version": row.terms_version, "privacy_version": row.privacy_version,
                        "consented_at": row.consented_at.isoformat()})
