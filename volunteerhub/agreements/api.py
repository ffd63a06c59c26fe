import datetime as dt
from typing import Literal

from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH, optional_user
from volunteerhub.accounts.phones import mask_contact_phone
from volunteerhub.agreements import selectors, services
from volunteerhub.core.addresses import client_ip
from volunteerhub.core.masking import mask_name

router = Router(tags=["agreements"])


class AgreementOut(Schema):
    id: int
    kind: str
    version: int
    title: str
    body: str
    published_at: dt.datetime
    standing: str | None = Field(None, description="for a signed-in volunteer: signed, outdated, expired or unsigned")


def _text(text, volunteer=None) -> dict:
    return {"id": text.pk, "kind": text.kind, "version": text.version, "title": text.title, "body": text.body,
            "published_at": text.published_at,
            "standing": selectors.signature_standing(volunteer=volunteer, text=text) if volunteer else None}


@router.get("/agreements", response=list[AgreementOut],
            summary="The current agreement of each kind of service; a volunteer sees whether they have signed it")
def agreement_list(request):
    volunteer = selectors.own_volunteer(optional_user(request))
    return [_text(t, volunteer) for t in selectors.current_texts()]


class AgreementIn(Schema):
    kind: str = Field("", max_length=20, description="an activity kind, or empty for every kind")
    title: str = Field(..., max_length=128)
    body: str = Field(..., max_length=20000)


@router.post("/agreements", response={201: AgreementOut}, auth=AUTH,
             summary="Publish a new version of an agreement (administrators; everyone signs it again; audited)")
def agreement_publish(request, payload: AgreementIn):
    return Status(201, _text(services.agreement_publish(by=request.user, **payload.dict())))


class SignatureOut(Schema):
    agreement_id: int
    version: int
    signed_at: dt.datetime


@router.post("/agreements/{agreement_id}/sign", response={201: SignatureOut}, auth=AUTH,
             summary="The signed-in volunteer signs the current version (the record keeps time, account and address)")
def agreement_sign(request, agreement_id: int):
    text = selectors.text_get(text_id=agreement_id)
    signature = services.agreement_sign(user=request.user, text=text, ip=client_ip(request))
    return Status(201, {"agreement_id": text.pk, "version": text.version, "signed_at": signature.signed_at})


class ConsentIn(Schema):
    guardian_name: str = Field(..., max_length=64)
    relation: Literal["father", "mother", "other"]
    guardian_phone: str = Field(..., max_length=24)
    covers_personal_information: bool = False


class ConsentOut(Schema):
    id: int
    volunteer_id: int
    guardian_name: str
    relation: str
    guardian_phone: str
    covers_personal_information: bool
    recorded_at: dt.datetime


@router.post("/volunteers/{volunteer_id}/guardian-consent", response={201: ConsentOut}, auth=AUTH,
             summary="Record a guardian's consent for a volunteer under 18 (organisers and admins in reach; audited)")
def guardian_consent_record(request, volunteer_id: int, payload: ConsentIn):
    volunteer = selectors.volunteer_for_consent(user=request.user, volunteer_id=volunteer_id)
    c = services.guardian_consent_record(by=request.user, volunteer=volunteer, **payload.dict())
    return Status(201, {"id": c.pk, "volunteer_id": volunteer.pk, "guardian_name": mask_name(c.guardian_name),
                        "relation": c.relation, "guardian_phone": mask_contact_phone(c.guardian_phone),
                        "covers_personal_information": c.covers_personal_information, "recorded_at": c.recorded_at})
