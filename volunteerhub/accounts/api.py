from ninja import Router, Schema

from volunteerhub.accounts import services

router = Router(tags=["auth"])


class TokenIn(Schema):
    phone: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/auth/token", response=TokenOut, summary="Exchange mobile number and password for a bearer token")
def token(request, payload: TokenIn):
    return {"token": services.token_issue(phone=payload.phone, password=payload.password,
                                          ip=request.META.get("REMOTE_ADDR", ""))}
