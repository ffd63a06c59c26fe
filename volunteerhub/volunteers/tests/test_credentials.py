"""A volunteer adds a credential (number, valid-until date, a scan); an organiser in reach sees it in the queue,
verifies or rejects it (who, when, why kept); the scan is served only to the volunteer and managers in reach; the
credentials register exports masked."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from volunteerhub.conftest import ApiClient, PASSWORD, make_volunteer
from volunteerhub.core.errors import ValidationFailed
from volunteerhub.exchange.services import export_bytes
from volunteerhub.volunteers import services
from volunteerhub.volunteers.exports import credential_rows
from volunteerhub.volunteers.models import VolunteerQualification

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate() + dt.timedelta(days=365)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _photo() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("licence.jpg", out.getvalue(), content_type="image/jpeg")


def _submit(api, **data):
    return api.client.post("/api/v1/me/credentials", data, **api.headers)


def test_a_volunteer_adds_a_credential_with_its_scan_and_it_waits_for_verification(volunteer):
    answer = _submit(ApiClient(volunteer.user), code="nurse", number="护士2026001", valid_until=NEXT_YEAR.isoformat(),
                     scan=_photo())

    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["number"], body["status"], body["valid_until"]) == ("护士2026001", "pending", NEXT_YEAR.isoformat())
    stored = VolunteerQualification.objects.get(pk=body["id"])
    assert stored.scan.name.endswith(".jpg") and b"Phone maker" not in stored.scan.read()


def test_it_refuses_an_expired_date_or_a_file_that_is_no_picture_naming_the_field(volunteer):
    api = ApiClient(volunteer.user)
    past = _submit(api, code="nurse", number="护士2026001", valid_until="2020-01-01")
    junk = _submit(api, code="nurse", number="护士2026001", scan=SimpleUploadedFile("x.jpg", b"not an image"))

    assert past.status_code == 400 and "valid_until" in past.json()["fields"]
    assert junk.status_code == 400 and "scan" in junk.json()["fields"]
    assert not VolunteerQualification.objects.filter(volunteer=volunteer, qualification="nurse").exists()


def test_the_organiser_queue_shows_number_validity_and_scan(organizer, volunteer):
    services.credential_submit(volunteer=volunteer, code="nurse", number="护士2026001", valid_until=NEXT_YEAR,
                               scan=_photo())
    web = Client()
    web.login(phone=organizer.phone, password=PASSWORD)

    page = web.get("/volunteers/qualifications/").content.decode()
    (row,) = ApiClient(organizer).get("/api/v1/qualifications/to-verify").json()

    assert "护士2026001" in page and NEXT_YEAR.strftime("%Y-%m-%d") in page and "/scan/" in page
    assert row["number"] == "护士2026001" and row["scan_url"].endswith("/scan")
    assert ApiClient(organizer).get(row["scan_url"]).status_code == 200


def test_the_scan_is_only_for_the_volunteer_and_managers_in_reach(organizer, other_organizer, volunteer, team):
    credential = services.credential_submit(volunteer=volunteer, code="nurse", number="护士2026001", scan=_photo())
    someone_else = make_volunteer(team=team)
    url = f"/api/v1/credentials/{credential.pk}/scan"

    assert ApiClient(volunteer.user).get(url)["Content-Type"] == "image/jpeg"
    assert ApiClient(organizer).get(url).status_code == 200
    assert ApiClient(other_organizer).get(url).status_code == 404
    assert ApiClient(someone_else.user).get(url).status_code == 404


def test_a_rejection_is_kept_with_who_when_and_why_and_a_new_scan_sends_it_again(organizer, volunteer):
    credential = services.credential_submit(volunteer=volunteer, code="nurse", number="护士2026001")

    services.qualification_reject(declaration=credential, by=organizer, reason="照片看不清")
    credential.refresh_from_db()
    assert (credential.status, credential.rejected_by, credential.reject_reason) == ("rejected", organizer, "照片看不清")
    assert credential.rejected_at is not None
    assert ApiClient(volunteer.user).get("/api/v1/me/credentials").json()[0]["reject_reason"] == "照片看不清"

    again = services.credential_submit(volunteer=volunteer, code="nurse", number="护士2026001", scan=_photo())
    assert again.pk == credential.pk and again.status == "pending"


def test_a_renewed_credential_must_be_verified_again(organizer, team):
    nurse = make_volunteer(team=team, qualifications=["nurse"])
    credential = services.credential_submit(volunteer=nurse, code="nurse", number="护士2027001", valid_until=NEXT_YEAR)

    assert credential.status == "pending"
    assert services.qualification_verify(declaration=credential, by=organizer).status == "verified"


def test_a_credential_without_a_number_is_refused(volunteer):
    with pytest.raises(ValidationFailed) as refused:
        services.credential_submit(volunteer=volunteer, code="nurse", number="")
    assert "number" in refused.value.fields


def test_the_credentials_register_exports_in_reach_and_masked(county_admin, other_county_admin, team):
    nurse = make_volunteer(team=team, qualifications=["nurse"])
    VolunteerQualification.objects.filter(volunteer=nurse).update(number="护士2026001", valid_until=NEXT_YEAR)

    (row,) = list(credential_rows(user=county_admin))
    assert row["id_number_masked"] == nurse.id_number_masked and "*" in row["id_number_masked"]
    assert (row["number"], row["status"], row["valid_today"]) == ("护士2026001", "verified", "yes")
    assert list(credential_rows(user=other_county_admin)) == []
    assert "护士2026001" in export_bytes(name="credentials", fmt="csv", user=county_admin).decode("utf-8-sig")


def test_the_volunteer_adds_a_credential_on_their_page(volunteer):
    web = Client()
    web.login(phone=volunteer.user.phone, password=PASSWORD)

    assert "/volunteers/credentials/" in web.get("/me/").content.decode()
    answer = web.post("/volunteers/credentials/", {"code": "first_aider", "number": "JY-2026-01",
                                                   "valid_until": NEXT_YEAR.isoformat(), "scan": _photo()})

    assert answer.status_code == 302
    assert "JY-2026-01" in web.get("/volunteers/credentials/").content.decode()
