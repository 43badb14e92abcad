"""Permission-matrix entries for training URLs (see cqo_portal/testing/matrix.py).

From the measures: the province (and the superuser, who acts as provincial staff) manages institutions and their
entrustment periods; an institution's staff open their own institution's page and run their own cohorts; the
province sees and corrects every cohort but opens none; city bureaux and enterprises have no training pages.
Another institution's cohort is a 404 to an institution, a page of a domain the role has no part in a 403."""

from cqo_portal.testing.matrix import Case, expect, inert_post, listing, page, post, scoped

from ..models import Entrustment

MANAGERS = ("province", "admin")
INSTITUTIONS = ("institution_a", "institution_b")


def academy(w):
    return {"pk": w.academy.pk}


def college(w):
    return {"pk": w.college.pk}


def academy_period(w):
    return {"pk": Entrustment.objects.filter(institution=w.academy).order_by("pk").first().pk}


def cohort(w):
    return {"pk": w.cohort.pk}


INSTITUTION_DATA = {
    "name": "闽江质量学院培训部",
    "credit_code": "",
    "contact_name": "王老师",
    "contact_phone": "0591-88888888",
    "address": "福州市鼓楼区",
}
COHORT_DATA = {
    "code": "MJ-2026-09",
    "title": "2026年第九期首席质量官培训班",
    "start_date": "2026-03-02",
    "end_date": "2026-03-20",
    "hours": "40",
    "capacity": "60",
    "location": "福州市",
    "teachers": "李教授",
    "syllabus": "质量管理体系",
    "status": "planned",
}
# Who opens and edits the academy's cohort: the province and the academy; the college's staff get 404.
COHORT_EDITORS = {"province": 200, "institution_a": 200, "admin": 200, "institution_b": 404}

CASES = [
    # Institutions
    *listing("training:institution-list", *MANAGERS),
    page("training:institution-create", *MANAGERS),
    inert_post(
        "training:institution-create",
        lambda w: {**INSTITUTION_DATA, "name": " "},
        *MANAGERS,
        label="invalid",
        note="a name of spaces re-shows the form",
    ),
    post(
        "training:institution-create",
        expect(403, province=302, admin=200),
        data=lambda w: {**INSTITUTION_DATA, "name": "泉州质量培训学校"},
        label="valid",
        note="the province creates it; then the name is taken for the admin",
    ),
    Case(
        "training:my-institution",
        expect(403, institution_a=302, institution_b=302),
        note="redirects to the institution's own page",
    ),
    scoped("training:institution-detail", academy, "province", "institution_a", "admin", label="academy"),
    scoped("training:institution-detail", college, "province", "institution_b", "admin", label="college"),
    page("training:institution-update", *MANAGERS, kwargs=academy),
    post(
        "training:institution-update",
        expect(403, province=302, admin=302),
        kwargs=academy,
        data=lambda w: INSTITUTION_DATA,
        label="valid",
    ),
    inert_post(
        "training:institution-update",
        lambda w: {**INSTITUTION_DATA, "credit_code": "12345"},
        *MANAGERS,
        kwargs=academy,
        label="invalid",
        note="a short credit code re-shows the form",
    ),
    # Entrustment periods
    page("training:entrustment-add", *MANAGERS, kwargs=college),
    post(
        "training:entrustment-add",
        expect(403, province=302, admin=302),
        kwargs=college,
        data=lambda w: {"from_date": "2020-01-01", "until": ""},
        label="valid",
    ),
    inert_post(
        "training:entrustment-add",
        lambda w: {"from_date": "2020-01-01", "until": "2019-12-31"},
        *MANAGERS,
        kwargs=college,
        label="invalid",
        note="an end before the start re-shows the form",
    ),
    page("training:entrustment-end", *MANAGERS, kwargs=academy_period),
    inert_post(
        "training:entrustment-end",
        lambda w: {"until": "2030-12-31"},
        *MANAGERS,
        kwargs=academy_period,
        label="unconfirmed",
        note="the first POST shows the confirmation page and changes nothing",
    ),
    post(
        "training:entrustment-end",
        expect(403, province=302, admin=302),
        kwargs=academy_period,
        data=lambda w: {"until": "2030-12-31", "confirm": "1"},
        label="confirmed",
    ),
    page("training:entrustment-revoke", *MANAGERS, kwargs=academy_period),
    inert_post(
        "training:entrustment-revoke",
        lambda w: {"revoked_on": "2025-01-15", "revoked_reason": "培训记录造假"},
        *MANAGERS,
        kwargs=academy_period,
        label="unconfirmed",
        note="the first POST shows the confirmation page and changes nothing",
    ),
    inert_post(
        "training:entrustment-revoke",
        lambda w: {"revoked_on": "2025-01-15", "revoked_reason": " ", "confirm": "1"},
        *MANAGERS,
        kwargs=academy_period,
        label="no reason",
        note="a revocation without a reason is refused on the form",
    ),
    post(
        "training:entrustment-revoke",
        expect(403, province=302, admin=302),
        kwargs=academy_period,
        data=lambda w: {"revoked_on": "2025-01-15", "revoked_reason": "培训记录造假", "confirm": "1"},
        label="confirmed",
        note="the province revokes it; the admin is then sent back: a revoked period is not changed again",
    ),
    # Cohorts
    *listing("training:cohort-list", "province", *INSTITUTIONS, "admin"),
    Case("training:cohort-detail", expect(403, **COHORT_EDITORS), kwargs=cohort),
    page("training:cohort-create", *INSTITUTIONS),
    post(
        "training:cohort-create",
        expect(403, institution_a=302, institution_b=200),
        data=lambda w: COHORT_DATA,
        label="valid",
        note="the academy is entrusted; the college is not, so its form comes back with the reason",
    ),
    inert_post(
        "training:cohort-create",
        lambda w: {**COHORT_DATA, "end_date": "2026-03-01"},
        *INSTITUTIONS,
        label="invalid",
        note="an end before the start re-shows the form",
    ),
    Case("training:cohort-update", expect(403, **COHORT_EDITORS), kwargs=cohort),
    post(
        "training:cohort-update",
        expect(403, **{**COHORT_EDITORS, "province": 302, "institution_a": 302, "admin": 302}),
        kwargs=cohort,
        data=lambda w: {**COHORT_DATA, "code": w.cohort.code, "start_date": "2024-04-01", "end_date": "2024-05-10"},
        label="valid",
    ),
    post(
        "training:cohort-update",
        expect(403, **COHORT_EDITORS),
        kwargs=cohort,
        data=lambda w: {**COHORT_DATA, "code": w.cohort.code, "hours": "0"},
        label="invalid",
        note="zero hours re-shows the form",
        changes_nothing=True,
    ),
]

from .matrix_certificates import CASES as CERTIFICATE_CASES  # noqa: E402
from .matrix_graduates import CASES as GRADUATE_CASES  # noqa: E402

CASES += GRADUATE_CASES + CERTIFICATE_CASES
