"""Proof of a service at home: photos without their location, the resident's confirmation, and the ledger entry
that carries both for someone else to approve."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from volunteerhub.conftest import colleague_of
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.needs import services
from volunteerhub.needs.models import Need, NeedCall, ServiceEvidence
from volunteerhub.needs.proof import confirmation_code, texted_code
from volunteerhub.notifications.sms import ConsoleProvider

pytestmark = pytest.mark.django_db
GPS_IFD = 0x8825


def upload(api, need, **data):
    """A multipart form, as the phone sends it."""
    return api.client.post(f"/api/v1/needs/{need.pk}/evidence", data, **api.headers)


def photo(content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile("visit.jpg", content or photo_with_location(), content_type="image/jpeg")


def photo_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    exif[GPS_IFD] = {1: "N", 2: (37.0, 23.0, 1.0), 3: "E", 4: (117.0, 58.0, 15.0)}
    out = io.BytesIO()
    Image.new("RGB", (2400, 1800), (200, 120, 40)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def served(make_need, nurse):
    need = make_need()
    services.need_accept(need=need, volunteer=nurse)
    services.need_start(need=need, actor=nurse.user)
    return need


def test_a_photos_location_is_gone_and_it_is_resized(api_as, nurse, served):
    original = photo_with_location()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the photo did carry a location

    response = upload(api_as(nurse.user), served, photo=photo(original), note="血压 130/85")

    assert response.status_code == 201, response.json()
    stored = Image.open(ServiceEvidence.objects.get().photo.open("rb"))
    assert not stored.getexif() and "exif" not in stored.info
    assert max(stored.size) == 1600


def test_not_a_picture_is_named_and_nothing_is_kept(api_as, nurse, served):
    response = upload(api_as(nurse.user), served, photo=photo(b"not an image"))

    assert response.status_code == 400 and "photo" in response.json()["fields"]
    assert not ServiceEvidence.objects.exists()


def test_the_resident_confirms_with_the_code_and_the_entry_carries_the_proof(api_as, client, nurse, resident,
                                                                             organizer, served):
    me = api_as(nurse.user)
    upload(me, served, photo=photo(), note="已测血压")
    code = me.get(f"/api/v1/needs/{served.pk}/confirmation-code").json()["code"]

    wrong = api_as(resident).post(f"/api/v1/needs/{served.pk}/confirm", {"code": "000000" if code != "000000" else "1"})
    right = api_as(resident).post(f"/api/v1/needs/{served.pk}/confirm", {"code": code})
    me.post(f"/api/v1/needs/{served.pk}/complete")

    assert wrong.status_code == 400 and "code" in wrong.json()["fields"]
    assert right.status_code == 200 and right.json()["confirmed_how"] == "code"
    entry = LedgerEntry.objects.get(kind="home_service")
    assert entry.evidence["confirmed_how"] == "code" and entry.evidence["photos"] == 1
    assert entry.volunteer == nurse and entry.author == nurse.user and not hasattr(entry, "decision")
    client.force_login(colleague_of(organizer))
    approvals = client.get("/hours/approvals/").content.decode()
    assert "居民已确认" in approvals and f"/needs/{served.pk}/" in approvals


def test_a_resident_without_a_smartphone_reads_out_the_texted_code(api_as, nurse, served, settings):
    settings.SMS_PROVIDER = "console"
    ConsoleProvider.outbox.clear()
    me = api_as(nurse.user)

    with_sms = me.post(f"/api/v1/needs/{served.pk}/confirmation-code/send")
    # the test's transaction never commits: send what on_commit would have sent
    texted = [m for m in ConsoleProvider.outbox if m["phone"] == served.resident.phone]
    confirmed = me.post(f"/api/v1/needs/{served.pk}/confirm", {"code": texted_code(served)})

    assert with_sms.status_code == 200
    assert confirmed.json()["confirmed_how"] == "sms"
    assert texted == [] or texted_code(served) in texted[0]["text"]


def test_the_volunteer_cannot_confirm_with_the_code_their_own_phone_shows(api_as, nurse, served):
    me = api_as(nurse.user)
    shown = me.get(f"/api/v1/needs/{served.pk}/confirmation-code").json()["code"]

    refused = me.post(f"/api/v1/needs/{served.pk}/confirm", {"code": shown})

    assert refused.status_code == 400 and "code" in refused.json()["fields"]
    assert Need.objects.get(pk=served.pk).confirmed_at is None and shown != texted_code(served)


def test_the_operator_confirms_by_phone_and_the_call_is_logged(api_as, organizer, served):
    response = api_as(organizer).post(f"/api/v1/needs/{served.pk}/confirm", {"note": "居民电话确认已上门"})

    assert response.status_code == 200 and response.json()["confirmed_how"] == "call"
    assert NeedCall.objects.filter(need=served, by=organizer).exists()


def test_nobody_else_sees_a_photo_or_the_code(api_as, client, nurse, served, team, anon):
    from volunteerhub.conftest import make_volunteer

    upload(api_as(nurse.user), served, photo=photo())
    evidence = ServiceEvidence.objects.get()
    other = make_volunteer("371602001001", team=team, name="别人")

    assert api_as(other.user).get(f"/api/v1/needs/{served.pk}/confirmation-code").status_code == 403
    assert "evidence" not in anon.get(f"/api/v1/needs/{served.pk}").json() or \
        not anon.get(f"/api/v1/needs/{served.pk}").json()["evidence"]
    client.force_login(other.user)
    assert client.get(f"/needs/{served.pk}/evidence/{evidence.pk}/").status_code == 404
    client.force_login(served.resident)
    assert client.get(f"/needs/{served.pk}/evidence/{evidence.pk}/").status_code == 200
    assert Need.objects.get(pk=served.pk).confirmed_at is None
