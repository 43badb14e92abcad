"""Filings for tests and the permission matrix: the world's obligations made by the real service, and files."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from filings.models import Filing, FilingKind
from filings.services import filings_ensure
from registry.letters import minimal_pdf

# The day the tests' obligations are made: Q1 2026 (due 2026-04-15) and the 2025 annual report (due 2026-01-31)
# are owed, Q2 2026 has begun.
TODAY = datetime.date(2026, 4, 1)


def ensure(today: datetime.date = TODAY) -> None:
    filings_ensure(today=today)


def city_report(world, city=None, start=datetime.date(2026, 1, 1)) -> Filing:
    ensure()
    return Filing.objects.get(kind=FilingKind.CITY_REPORT, city=city or world.fuzhou, period_start=start)


def annual_report(world, year: int = 2025) -> Filing:
    ensure()
    return Filing.objects.get(
        kind=FilingKind.ANNUAL_REPORT, institution=world.academy, period_start=datetime.date(year, 1, 1)
    )


def pdf(name: str = "实施情况.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def office(name: str = "统计表.xlsx", folder: str = "xl/") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}workbook.xml", "<workbook/>")
    return SimpleUploadedFile(name, buffer.getvalue())
