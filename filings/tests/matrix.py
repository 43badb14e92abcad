"""Permission-matrix entries for filing URLs (see cqo_portal/testing/matrix.py).

From the measures (Articles 3 and 10) and DOMAIN's roles: a city bureau files its own unit's implementation
reports, an institution its own cohort filings and annual reports; the province (and the superuser acting as
provincial staff) reads every filing, accepts or returns it, and sets the schedules, but files nothing itself.
Enterprises have no part in filings (403). Another unit's or institution's filing is a 404, whatever the page.
"""

from cqo_portal.testing.matrix import expect, inert_post, listing, page, post, scoped
from filings.models import FilingStatus
from filings.services import filing_attach, filing_submit, schedules_by_kind

from .factories import annual_report, city_report, pdf

FILERS_AND_PROVINCE = ("province", "city_a", "city_b", "institution_a", "institution_b", "admin")
NO_PART = {"enterprise_a": 403, "enterprise_b": 403}
# Fuzhou's report: the province and Fuzhou's bureau see it; Xiamen and the institutions get 404.
SEES_FUZHOU = ("province", "city_a", "admin")
SEES_ACADEMY = ("province", "institution_a", "admin")
# Filing it: Fuzhou's bureau alone; the province may not file (403); other filers do not see it (404).
FUZHOU_FILER = {"city_a": 200, "city_b": 404, "institution_a": 404, "institution_b": 404}
ACADEMY_FILER = {"institution_a": 200, "institution_b": 404, "city_a": 404, "city_b": 404}
DECIDERS = ("province", "admin")


def fuzhou(w):
    return {"pk": city_report(w).pk}


def academy_annual(w):
    return {"pk": annual_report(w).pk}


def submitted_fuzhou(w):
    report = city_report(w)
    if report.status == FilingStatus.DRAFT:
        filing_submit(filing=report, actor=w.user("city_a"))
    return {"pk": report.pk}


def fuzhou_version(w):
    return {**submitted_fuzhou(w), "number": 1}


def fuzhou_attachment(w):
    report = city_report(w)
    attachment = report.attachments.first() or filing_attach(filing=report, upload=pdf(), actor=w.user("city_a"))
    return {"pk": report.pk, "att_pk": attachment.pk}


def city_schedule(w):
    return {"pk": schedules_by_kind()["city_report"].pk}


SCHEDULE = {
    "frequency": "quarterly",
    "due_days": "20",
    "reminder_days": "-7, -1, 1, 7",
    "tell_province_from_day": "7",
    "starts_on": "2025-01-01",
}

CASES = [
    *listing("filings:filing-list", *FILERS_AND_PROVINCE),
    scoped("filings:filing-detail", fuzhou, *SEES_FUZHOU, **NO_PART, label="city report"),
    scoped("filings:filing-detail", academy_annual, *SEES_ACADEMY, **NO_PART, label="annual report"),
    page("filings:filing-edit", kwargs=fuzhou, label="city report", **FUZHOU_FILER),
    page("filings:filing-edit", kwargs=academy_annual, label="annual report", **ACADEMY_FILER),
    post(
        "filings:filing-edit",
        expect(403, city_a=302, city_b=404, institution_a=404, institution_b=404),
        kwargs=fuzhou,
        data=lambda w: {"narrative": "本季度工作情况。", "save": "1"},
        label="save draft",
    ),
    inert_post(
        "filings:filing-edit",
        lambda w: {"narrative": "字" * 10001, "save": "1"},
        kwargs=fuzhou,
        label="narrative too long",
        note="the form is shown again naming the field",
        **FUZHOU_FILER,
    ),
    page("filings:filing-submit", kwargs=fuzhou, label="city report", **FUZHOU_FILER),
    post(
        "filings:filing-submit",
        expect(403, city_a=302, city_b=404, institution_a=404, institution_b=404),
        kwargs=fuzhou,
        data=lambda w: {"confirm": "1"},
        label="city report",
    ),
    post(
        "filings:filing-submit",
        expect(403, institution_a=302, institution_b=404, city_a=404, city_b=404),
        kwargs=academy_annual,
        data=lambda w: {"confirm": "1"},
        label="annual report",
    ),
    page("filings:filing-accept", *DECIDERS, kwargs=submitted_fuzhou),
    post(
        "filings:filing-accept",
        expect(403, province=302, admin=302),
        kwargs=submitted_fuzhou,
        data=lambda w: {"confirm": "1"},
        note="once the province has accepted, the admin is told so and sent back to the filing",
    ),
    page("filings:filing-return", *DECIDERS, kwargs=submitted_fuzhou),
    post(
        "filings:filing-return",
        expect(403, province=302, admin=200),
        kwargs=submitted_fuzhou,
        data=lambda w: {"reason": "请补充培训人数的说明。"},
        label="with a reason",
        note="once the province has returned it, the admin's form is shown again with the refusal",
    ),
    inert_post(
        "filings:filing-return",
        lambda w: {"reason": "   "},
        *DECIDERS,
        kwargs=submitted_fuzhou,
        label="no reason",
        note="a reason is required, named on its field",
    ),
    scoped("filings:filing-attachment", fuzhou_attachment, *SEES_FUZHOU, **NO_PART),
    scoped("filings:filing-version", fuzhou_version, *SEES_FUZHOU, **NO_PART),
    *listing("filings:schedule-list", *DECIDERS),
    page("filings:schedule-edit", *DECIDERS, kwargs=city_schedule),
    post(
        "filings:schedule-edit",
        expect(403, province=302, admin=302),
        kwargs=city_schedule,
        data=lambda w: dict(SCHEDULE),
        label="valid",
    ),
    inert_post(
        "filings:schedule-edit",
        lambda w: {**SCHEDULE, "reminder_days": "-7, 一天后"},
        *DECIDERS,
        kwargs=city_schedule,
        label="invalid",
        note="a reminder day that is not a number is named on its field",
    ),
]

from .matrix_grid import CASES as GRID_CASES  # noqa: E402

CASES += GRID_CASES
