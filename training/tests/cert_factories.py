"""Cohorts and graduates for the certificate tests, made directly with the models (the import is another issue's)."""

from __future__ import annotations

import datetime

from registry.models import Education, TitleLevel
from registry.services import person_register
from registry.validators import make_resident_id
from training.models import Cohort, Graduate

COHORT_END = datetime.date(2026, 6, 30)


def make_cohort(institution, code="CERT-2026-01", *, title="2026年第一期首席质量官培训班", end=COHORT_END, hours=48):
    cohort = Cohort(
        institution=institution,
        code=code,
        title=title,
        start_date=end - datetime.timedelta(days=29),
        end_date=end,
        hours=hours,
        status="ended",
    )
    cohort.full_clean()
    cohort.save()
    return cohort


_serial = iter(range(1, 10**6))


def resident_id(n: int) -> str:
    """A valid resident ID, different for each n (a birth date and a sequence number from it)."""
    born = datetime.date(1975, 1, 1) + datetime.timedelta(days=n // 500)
    return make_resident_id(f"350104{born:%Y%m%d}{n % 500 + 1:03d}")


def make_graduate(cohort, enterprise, *, name="赵敏", passed=True, person=None):
    if person is None:
        person = person_register(
            actor=None,
            name=name,
            resident_id=resident_id(next(_serial)),
            education=Education.BACHELOR,
            title_level=TitleLevel.INTERMEDIATE,
            enterprise=enterprise,
        )
    return Graduate.objects.create(
        cohort=cohort,
        person=person,
        enterprise=enterprise,
        enterprise_name=enterprise.name,
        education=person.education,
        title_level=person.title_level,
        passed=passed,
    )
