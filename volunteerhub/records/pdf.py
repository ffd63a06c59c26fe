"""The certificate of service as a PDF: Chinese font embedded, QR code to the public verification page."""

import io
from pathlib import Path

from django.conf import settings

from django.http import HttpResponse
from django.utils.translation import gettext_lazy

from volunteerhub.core.errors import ApplicationError
from volunteerhub.records.models import Certificate
from volunteerhub.records.selectors import evaluation_summary

FONT_NAME = "VHCertificateCJK"
STARS = "★"
LINE_CHARS = 23  # full-width characters per line in the value column
MAX_AWARD_LINES = 3


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


class FontMissing(ApplicationError):
    status = 503
    code = "certificate_font_missing"

    def __init__(self):
        super().__init__(gettext_lazy("The server lacks a Chinese TrueType font: install the Debian package fonts-wqy-zenhei or set CERTIFICATE_FONT_PATHS."))


def font_path() -> Path | None:
    for candidate in settings.CERTIFICATE_FONT_PATHS:
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont, TTFError

    path = font_path()
    if path is None:
        raise FontMissing()
    name = f"{FONT_NAME}-{path.stem}"
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            kwargs = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
            pdfmetrics.registerFont(TTFont(name, str(path), **kwargs))
        except TTFError:
            raise FontMissing() from None
    return name


def award_lines(cert: Certificate) -> list[str]:
    """One line per commendation ("2025年度 · 优秀志愿者"), at most MAX_AWARD_LINES (the rest summed up)."""
    awards = list(cert.awards or [])
    lines = [(a["title"] if str(a["year"]) in a["title"] else f"{a['year']}年度 · {a['title']}")[:LINE_CHARS + 4]
             for a in awards[:MAX_AWARD_LINES]]
    if len(awards) > MAX_AWARD_LINES:
        lines[-1] = f"等{len(awards)}项表彰"
    return lines


def _draw_awards(pdf, font: str, cert: Certificate, y: float, mm: float) -> float:
    lines = award_lines(cert)
    if not lines:
        return y
    pdf.setFont(font, 13)
    pdf.drawString(30 * mm, y, "获得表彰：")
    pdf.setFont(font, 12)
    for line in lines:
        pdf.drawString(68 * mm, y, line)
        y -= 6.5 * mm
    return y - 3 * mm


def hour_rows(cert: Certificate) -> list[tuple[str, str]]:
    """Service and training apart; where local rules count training, the total says it includes it."""
    if cert.training_hours and settings.TRAINING_COUNTS_AS_SERVICE:
        return [("累计服务时长", f"{cert.hours} 小时（含培训 {cert.training_hours} 小时）")]
    return [("累计服务时长", f"{cert.hours} 小时"), ("培训时长", f"{cert.training_hours} 小时（不计入服务时长）")]


def evaluation_line(cert: Certificate) -> str:
    """"共 3 次，平均 4.7 星；最近：社区义诊 ★★★★★" or a dash."""
    evaluations = list(cert.evaluations or [])
    if not evaluations:
        return "—"
    latest = evaluations[0]
    return f"{evaluation_summary(evaluations)}；最近：{latest['activity']} {STARS * int(latest['rating'])}"


def certificate_pdf(*, cert: Certificate, verify_url: str) -> bytes:
    """Render one certificate (A4 portrait). Raises FontMissing (503) without a usable font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    import segno

    font = _register_font()
    out = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"志愿服务证明 {cert.number}")
    pdf.setAuthor(cert.issuer)
    pdf.setStrokeColorRGB(0.78, 0.06, 0.18)
    pdf.setLineWidth(3)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setFont(font, 26)
    pdf.drawCentredString(width / 2, height - 45 * mm, "志愿服务证明")
    pdf.setFont(font, 10)
    pdf.drawCentredString(width / 2, height - 52 * mm, "Certificate of Volunteer Service")
    pdf.drawRightString(width - 25 * mm, height - 62 * mm, f"证明编号：{cert.number}")
    rows = [
        ("姓名", cert.name),
        ("证件类型", cert.id_type),
        ("证件号码", cert.id_number_masked),
        ("志愿者编号", cert.volunteer_number),
        *hour_rows(cert),
        ("星级", (STARS * cert.star_level) or "—"),
        ("服务内容", cert.content),
        ("服务评价", evaluation_line(cert)),
        ("服务期间", f"{cert.period_from or '—'} 至 {cert.period_to or '—'}"),
    ]
    y = height - 80 * mm
    for label, value in rows:
        pdf.setFont(font, 13)
        pdf.drawString(30 * mm, y, f"{label}：")
        lines = _wrap(str(value), LINE_CHARS) or [""]
        for line in lines[:3]:
            pdf.drawString(68 * mm, y, line)
            y -= 7 * mm
        y -= 2.5 * mm
    y = _draw_awards(pdf, font, cert, y, mm)
    pdf.setFont(font, 12)
    text = pdf.beginText(30 * mm, y - 4 * mm)
    text.setFont(font, 12)
    text.textLine("兹证明该志愿者在本组织参与志愿服务，服务时长记录属实。")
    text.textLine("依据《志愿服务条例》和《志愿服务记录与证明出具办法》出具，谁记录谁证明。")
    pdf.drawText(text)
    y -= 26 * mm
    for label, value in [("出具单位", cert.issuer), ("负责人", cert.person_in_charge),
                         ("经办人", cert.handling_officer), ("联系方式", cert.contact),
                         ("出具日期", f"{cert.issued_on:%Y年%m月%d日}")]:
        pdf.drawString(30 * mm, y, f"{label}：{value}")
        y -= 8 * mm
    qr = segno.make(verify_url, error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=2)
    png.seek(0)
    pdf.drawImage(ImageReader(png), width - 70 * mm, 25 * mm, 45 * mm, 45 * mm)
    pdf.setFont(font, 8)
    pdf.drawCentredString(width - 47.5 * mm, 21 * mm, "扫码核验真伪")
    pdf.drawString(25 * mm, 21 * mm, verify_url[:90])
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def certificate_response(request, cert) -> HttpResponse:
    pdf = certificate_pdf(cert=cert, verify_url=request.build_absolute_uri(f"/certificates/verify/{cert.code}/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{cert.number}.pdf"'
    return response
