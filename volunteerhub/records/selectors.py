from django.utils import timezone

from volunteerhub.activities.selectors import evaluations_of
from volunteerhub.awards.selectors import awards_of_volunteer
from volunteerhub.records.models import Certificate
from volunteerhub.core.errors import NotFound
from volunteerhub.core.masking import mask_name, mask_name_in_text


def certificate_by_code(*, code: str) -> Certificate:
    cert = Certificate.objects.filter(code=code).first()
    if cert is None:
        raise NotFound()
    return cert


def volunteer_awards_snapshot(*, volunteer) -> list[dict]:
    """The approved commendations a certificate lists: [{"title", "year"}], newest year first."""
    return [{"title": a.title, "year": a.year}
            for a in awards_of_volunteer(volunteer).order_by("-year", "title").only("title", "year")]


MAX_EVALUATIONS = 50


def volunteer_evaluations_snapshot(*, volunteer) -> list[dict]:
    """The organisers' evaluations a certificate certifies, newest first: [{"activity", "date", "rating", "note"}]."""
    return [{"activity": s.activity.title, "date": timezone.localtime(s.activity.starts_at).date().isoformat(),
             "rating": s.rating, "note": s.rating_note} for s in evaluations_of(volunteer=volunteer)[:MAX_EVALUATIONS]]


def evaluation_summary(evaluations: list[dict]) -> str:
    """"共 3 次，平均 4.7 星" (empty without evaluations)."""
    if not evaluations:
        return ""
    average = sum(e["rating"] for e in evaluations) / len(evaluations)
    return f"共 {len(evaluations)} 次，平均 {average:.1f} 星"


def certificate_awards(cert: Certificate) -> list[dict]:
    """The commendations as certified (a snapshot taken when the certificate was issued)."""
    return list(cert.awards or [])


def public_certificate_awards(cert: Certificate) -> list[dict]:
    """The commendations as anyone holding the QR code sees them: a title naming the volunteer names them masked,
    as the name beside it is."""
    return [{**a, "title": mask_name_in_text(a["title"], cert.name)} for a in certificate_awards(cert)]


def certificate_is_current(cert: Certificate) -> bool:
    """Genuine and still the latest certificate of this volunteer."""
    latest = Certificate.objects.filter(volunteer_id=cert.volunteer_id).order_by("-pk").values_list("pk", flat=True).first()
    return latest == cert.pk


def verification(cert: Certificate) -> dict:
    """What anyone holding the certificate's QR code may see: whether it is genuine and current, masked data."""
    return {"genuine": True, "current": certificate_is_current(cert), "number": cert.number,
            "name_masked": mask_name(cert.name), "id_number_masked": cert.id_number_masked,
            "volunteer_number": cert.volunteer_number[:6] + "****" + cert.volunteer_number[-4:],
            "hours": cert.hours, "training_hours": cert.training_hours, "star_level": cert.star_level,
            "content": mask_name_in_text(cert.content, cert.name), "issuer": cert.issuer,
            "issued_on": cert.issued_on}
