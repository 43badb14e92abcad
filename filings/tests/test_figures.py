"""The figures filled into a filing, checked on a small hand-built world (see filings.selectors.figures)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from filings.models import Filing, FilingKind
from filings.selectors.figures import FIGURES, figure_rows, filing_figures
from filings.services import filings_ensure
from registry.models import Appointment, AppointmentStatus, Education, Enterprise, Finding, TitleLevel
from registry.services import person_register
from registry.validators import make_credit_code, make_resident_id
from training.models import Certificate, Cohort, Graduate, Institution

pytestmark = pytest.mark.django_db
D = datetime.date
Q2_2025 = (D(2025, 4, 1), D(2025, 6, 30))


def _enterprise(world, name, code, city, created, post):
    enterprise = Enterprise.objects.create(
        credit_code=make_credit_code(code), name=name, city=city, industry_section="C", cqo_post_established=post
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(created_at=timezone.make_aware(datetime.datetime(*created)))
    return enterprise


def _appoint(enterprise, person, status, appointed_on, **extra):
    return Appointment.objects.create(
        enterprise=enterprise,
        person=person,
        appointed_by="法定代表人",
        appointed_on=appointed_on,
        status=status,
        letter="appointments/test.pdf",
        **extra,
    )


def _graduate(cohort, person, enterprise, passed):
    return Graduate.objects.create(
        cohort=cohort,
        person=person,
        enterprise=enterprise,
        enterprise_name=enterprise.name,
        education=Education.BACHELOR,
        title_level=TitleLevel.NONE,
        passed=passed,
    )


def _finding(person, city, decided_on, recorder, lifted_on=None):
    return Finding.objects.create(
        person=person,
        item=2,
        decided_on=decided_on,
        evidence="findings/test.pdf",
        recorded_by=recorder,
        city=city,
        lifted_on=lifted_on,
        lifted_by=recorder if lifted_on else None,
        lifted_reason="已整改" if lifted_on else "",
    )


@pytest.fixture
def fuzhou_q2(world):
    """Fuzhou in Q2 2025, with one thing of each kind just inside and just outside the period or the unit."""
    fz, xm = world.fuzhou, world.xiamen
    Enterprise.objects.filter(pk=world.acme.pk).update(
        cqo_post_established=True, created_at=timezone.make_aware(datetime.datetime(2025, 1, 1))
    )
    Enterprise.objects.filter(pk=world.bolt.pk).update(cqo_post_established=True)  # Xiamen: never counted
    minfeng = _enterprise(world, "闽丰食品有限公司", "91350100MF0000003", fz, (2025, 5, 2), post=False)
    _enterprise(world, "榕发纺织有限公司", "91350100RF0000004", fz, (2025, 8, 1), post=True)  # after the period
    xu_li = person_register(
        actor=None,
        name="许丽",
        resident_id=make_resident_id("35010219900202003"),
        education=Education.MASTER,
        enterprise=minfeng,
    )
    reviewed = timezone.make_aware(datetime.datetime(2025, 3, 1))
    _appoint(world.acme, world.lin_fang, AppointmentStatus.ACKNOWLEDGED, D(2024, 6, 1), reviewed_at=reviewed)
    ended_here = _enterprise(world, "榕江建材有限公司", "91350100RJ0000005", fz, (2024, 1, 1), post=True)
    _appoint(
        ended_here,
        world.chen_jie,
        AppointmentStatus.ENDED,
        D(2025, 1, 10),
        ended_on=D(2025, 5, 1),
        end_reason="dismissed",
        reviewed_at=reviewed,
    )
    _appoint(minfeng, xu_li, AppointmentStatus.ACKNOWLEDGED, D(2025, 5, 15))
    _appoint(world.bolt, world.chen_jie, AppointmentStatus.SUBMITTED, D(2025, 6, 1))  # not acknowledged

    cohort = Cohort.objects.create(
        institution=world.academy,
        code="MJ-2025-01",
        code_key="MJ202501",
        title="2025年第一期",
        start_date=D(2025, 5, 1),
        end_date=D(2025, 5, 20),
        hours=32,
        location="福州",
        teachers="王教授、李老师",
    )
    lin_grad = _graduate(cohort, world.lin_fang, world.acme, passed=True)
    _graduate(cohort, xu_li, minfeng, passed=False)
    chen_grad = _graduate(cohort, world.chen_jie, world.bolt, passed=True)  # trained from Xiamen
    Certificate.objects.create(
        number="C-1",
        person=world.lin_fang,
        institution=world.academy,
        issued_on=D(2025, 6, 1),
        graduate=lin_grad,
        cohort=cohort,
    )
    Certificate.objects.create(
        number="C-2",
        person=world.chen_jie,
        institution=world.academy,
        issued_on=D(2025, 6, 1),
        graduate=chen_grad,
        cohort=cohort,
        revoked=True,
        revoked_on=D(2025, 6, 20),
        revoked_reason="材料不实",
    )
    Certificate.objects.create(  # from paper, revoked only after the period: counted for Q2
        number="C-3",
        person=xu_li,
        institution=world.academy,
        issued_on=D(2025, 4, 10),
        revoked=True,
        revoked_on=D(2025, 7, 1),
        revoked_reason="重复发证",
    )
    city_a, province = world.user("city_a"), world.user("province")
    _finding(world.chen_jie, fz, D(2025, 5, 1), city_a)  # recorded by Fuzhou's bureau
    _finding(xu_li, None, D(2025, 4, 2), province, lifted_on=D(2025, 6, 10))  # by the province, a Fuzhou employee
    _finding(world.lin_fang, xm, D(2025, 5, 1), world.user("city_b"))  # Xiamen's
    _finding(world.lin_fang, None, D(2025, 7, 1), province)  # after the period
    return cohort


def test_a_city_report_counts_the_unit_and_the_period(world, fuzhou_q2):
    filings_ensure(today=D(2025, 7, 1))
    report = Filing.objects.get(kind=FilingKind.CITY_REPORT, city=world.fuzhou, period_start=Q2_2025[0])
    assert filing_figures(report) == {
        "enterprises": 3,  # acme, minfeng, the building-materials firm; not the one registered in August
        "enterprises_with_post": 2,
        "appointments_current": 2,  # lin_fang (since 2024) and xu_li (from 05-15); chen_jie's ended 05-01
        "appointments_new": 1,
        "appointments_ended": 1,
        "persons_trained": 2,  # lin_fang and xu_li; chen_jie was trained from a Xiamen employer
        "persons_passed": 1,
        "persons_certified": 2,  # lin_fang; xu_li's paper certificate was revoked only in July
        "findings_recorded": 2,
        "findings_lifted": 1,
    }


def test_xiamen_sees_only_its_own(world, fuzhou_q2):
    filings_ensure(today=D(2025, 7, 1))
    report = Filing.objects.get(kind=FilingKind.CITY_REPORT, city=world.xiamen, period_start=Q2_2025[0])
    figures = filing_figures(report)
    assert figures["persons_trained"] == 1  # chen_jie
    assert figures["persons_certified"] == 0  # revoked in the period
    assert figures["findings_recorded"] == 1
    assert figures["appointments_current"] == 0


def test_a_cohort_filing_reports_the_cohort(world, fuzhou_q2):
    filings_ensure(today=D(2025, 7, 1))
    filing = Filing.objects.get(kind=FilingKind.COHORT_FILING, cohort=fuzhou_q2)
    assert filing_figures(filing) == {
        "cohort_code": "MJ-2025-01",
        "start_date": "2025-05-01",
        "end_date": "2025-05-20",
        "hours": 32,
        "location": "福州",
        "teachers": "王教授、李老师",
        "graduates": 3,
        "passed": 2,
        "certificates_issued": 2,
        "certificates_revoked": 1,
    }


def test_an_annual_report_counts_the_year(world, fuzhou_q2):
    filings_ensure(today=D(2026, 1, 5))
    report = Filing.objects.get(kind=FilingKind.ANNUAL_REPORT, institution=world.academy, period_start=D(2025, 1, 1))
    assert filing_figures(report) == {
        "cohorts": 1,
        "training_hours": 32,
        "graduates": 3,
        "passed": 2,
        "certificates_issued": 3,
        "certificates_revoked": 2,
    }
    other = Institution.objects.create(name="另一机构")
    assert filing_figures(Filing(kind=FilingKind.ANNUAL_REPORT, institution=other, **_year(2025)))["cohorts"] == 0


def _year(year):
    return {"period_start": D(year, 1, 1), "period_end": D(year, 12, 31)}


def test_every_kind_has_labels_for_exactly_its_keys(world, fuzhou_q2):
    filings_ensure(today=D(2026, 1, 5))
    for filing in Filing.objects.filter(period_start__lte=D(2025, 6, 30)):
        keys = [key for key, _ in FIGURES[filing.kind]]
        assert set(filing_figures(filing)) == set(keys)
        assert all(label for label, _ in figure_rows(filing.kind, filing_figures(filing)))


def test_a_city_reports_figures_take_five_queries_however_many_rows(world, fuzhou_q2):
    filings_ensure(today=D(2025, 7, 1))
    report = Filing.objects.get(kind=FilingKind.CITY_REPORT, city=world.fuzhou, period_start=Q2_2025[0])
    with CaptureQueriesContext(connection) as captured:
        filing_figures(report)
    assert len(captured) == 5
