"""The certificate as an A4 PDF: Chinese text in reportlab's built-in CJK font (no font file is downloaded or
embedded: STSong-Light is one of the fonts every PDF reader provides), and the QR code drawn as vector squares."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
HEADING_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

DARK_RED = colors.HexColor("#8b1a1a")
GOLD = colors.HexColor("#b8860b")


@dataclass(frozen=True)
class CertificatePage:
    """What the paper shows, gathered by the caller (no database here)."""

    number: str
    code: str
    name: str
    resident_id_masked: str
    institution: str
    cohort: str
    cohort_code: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    hours: int
    issued_on: datetime.date
    qr_url: str
    revoked: bool = False


def _date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def draw_qr(pdf: canvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    """The QR code at (x, y) bottom-left, `size` wide including its quiet zone, each dark run of a row one rect."""
    qr = segno.make_qr(data, error="m")
    rows = list(qr.matrix_iter(scale=1, border=4))
    module = size / len(rows)
    pdf.setFillColor(colors.white)
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    pdf.setFillColor(colors.black)
    path = pdf.beginPath()  # one filled path: far fewer PDF operators than a filled rect per run
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                # A hair taller than the module so neighbouring rows leave no seam when rasterised.
                path.rect(x + start * module, top, (c - start) * module, module * 1.01)
            else:
                c += 1
    pdf.drawPath(path, stroke=0, fill=1)


def _centered(pdf, text: str, y: float, size: float, font: str = FONT, color=colors.black) -> None:
    pdf.setFont(font, size)
    pdf.setFillColor(color)
    pdf.drawCentredString(A4[0] / 2, y, text)


def render(pages: list[CertificatePage]) -> bytes:
    """One A4 page per certificate, in one PDF."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle("首席质量官培训结业证书")
    pdf.setAuthor("福建省企业首席质量官管理平台")
    for page in pages:
        _page(pdf, page)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _page(pdf: canvas.Canvas, page: CertificatePage) -> None:
    width, height = A4
    # Border: a heavy outer frame and a fine inner one.
    pdf.setStrokeColor(DARK_RED)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(0.8)
    pdf.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

    _centered(pdf, "福建省企业首席质量官", height - 52 * mm, 22, color=DARK_RED)
    _centered(pdf, "培 训 结 业 证 书", height - 72 * mm, 34, HEADING_FONT, DARK_RED)
    _centered(pdf, f"证书编号：{page.number}", height - 86 * mm, 12)

    period = ""
    if page.start_date and page.end_date:
        period = f"于{_date(page.start_date)}至{_date(page.end_date)}"
    # The holder's name stands out: it is what a reader compares with the person in front of them.
    pdf.setFont(FONT, 22)
    pdf.setFillColor(colors.black)
    name_width = pdfmetrics.stringWidth(page.name, FONT, 22)
    pdf.drawString(30 * mm, height - 104 * mm, page.name)
    pdf.setFont(FONT, 13)
    pdf.drawString(30 * mm + name_width + 3 * mm, height - 104 * mm, f"（身份证号码 {page.resident_id_masked}）：")
    lines = [
        f"    {period}参加{page.institution}举办的",
        f"“{page.cohort}”（班次 {page.cohort_code}），",
        f"完成全部课程共 {page.hours} 学时，经考核合格，准予结业。",
        "    依据《福建省企业首席质量官管理办法（试行）》第十二条，",
        "持证人纳入福建省企业首席质量官人才库。",
    ]
    pdf.setFillColor(colors.black)
    y = height - 117 * mm
    left = 30 * mm
    for line in lines:
        size = 15
        while pdfmetrics.stringWidth(line, FONT, size) > width - 2 * left and size > 9:
            size -= 0.5
        pdf.setFont(FONT, size)
        pdf.drawString(left, y, line)
        y -= 11 * mm

    # Issuer and date, bottom right; QR code and how to check, bottom left.
    pdf.setFont(FONT, 14)
    pdf.drawRightString(width - 30 * mm, 92 * mm, f"发证机构：{page.institution}")
    pdf.drawRightString(width - 30 * mm, 82 * mm, f"发证日期：{_date(page.issued_on)}")

    qr_size = 46 * mm
    draw_qr(pdf, page.qr_url, 26 * mm, 26 * mm, qr_size)
    pdf.setFont(FONT, 9)
    text_x = 26 * mm + qr_size + 4 * mm
    notes = [
        "真伪查验：用手机扫描左侧二维码，",
        "或访问平台“证书查验”页面，输入证书编号和姓名。",
        "二维码含省局电子签名，离线亦可核验签名；",
        "证书是否已被撤销以在线查验结果为准。",
        f"验证码：{'-'.join(page.code[i : i + 4] for i in range(0, len(page.code), 4))}",
    ]
    for i, note in enumerate(notes):
        pdf.drawString(text_x, 62 * mm - i * 6 * mm, note)
    if page.revoked:
        pdf.saveState()
        pdf.setFillColor(colors.Color(0.8, 0, 0, alpha=0.35))
        pdf.setFont(FONT, 90)
        pdf.translate(width / 2, height / 2)
        pdf.rotate(30)
        pdf.drawCentredString(0, 0, "已撤销")
        pdf.restoreState()
