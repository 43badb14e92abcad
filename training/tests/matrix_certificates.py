"""Permission-matrix entries for the certificate URLs (see cqo_portal/testing/matrix.py; training/tests/matrix.py
includes them)."""

import datetime

from cqo_portal.testing.matrix import PRINCIPALS, Case, listing, only, page, post
from training.models import Certificate, CertificateBundle, Cohort, Graduate
from training.services import certificate_issue

ISSUE_DATE = {"issued_on": "2026-07-10"}

# Who works with certificates (Articles 2, 12): the issuing institution and the province (the superuser acts as
# the province). Another institution's are a 404; bureaux of cities and enterprises have no certificate pages.
CERTIFICATE_STAFF = ("province", "institution_a", "admin")
NOT_THEIRS = {"institution_b": 404}


def _cohort(w) -> Cohort:
    cohort, _ = Cohort.objects.get_or_create(
        code_key="MATRIX-01",
        defaults={
            "institution": w.academy,
            "code": "MATRIX-01",
            "title": "矩阵测试班",
            "start_date": datetime.date(2026, 6, 1),
            "end_date": datetime.date(2026, 6, 30),
            "hours": 40,
        },
    )
    return cohort


def _graduate(w, person) -> Graduate:
    graduate, _ = Graduate.objects.get_or_create(
        cohort=_cohort(w),
        person=person,
        defaults={
            "enterprise": person.enterprise,
            "enterprise_name": person.enterprise.name,
            "education": person.education,
            "title_level": person.title_level,
            "passed": True,
        },
    )
    return graduate


def _waiting(w) -> Graduate:
    """A passed graduate without a certificate yet."""
    return _graduate(w, w.chen_jie)


def _issued(w) -> Certificate:
    graduate = _graduate(w, w.lin_fang)
    existing = Certificate.objects.filter(graduate=graduate).first()
    return existing or certificate_issue(graduate=graduate, issued_on=datetime.date(2026, 7, 10), actor=None)


def _bundle(w) -> CertificateBundle:
    return CertificateBundle.objects.create(cohort=_cohort(w), requested_by=w.user("institution_a"))


def _issue_data(w) -> dict:
    _waiting(w)
    return ISSUE_DATE


def _everyone(status=200) -> dict:
    return {p: status for p in PRINCIPALS}


CASES = [
    # Certificates
    *listing("training:certificate-list", *CERTIFICATE_STAFF, "institution_b"),
    page("training:certificate-detail", *CERTIFICATE_STAFF, kwargs=lambda w: {"pk": _issued(w).pk}, **NOT_THEIRS),
    page("training:certificate-pdf", *CERTIFICATE_STAFF, kwargs=lambda w: {"pk": _issued(w).pk}, **NOT_THEIRS),
    page("training:certificate-revoke", *CERTIFICATE_STAFF, kwargs=lambda w: {"pk": _issued(w).pk}, **NOT_THEIRS),
    post(
        "training:certificate-revoke",
        only(403, CERTIFICATE_STAFF, status=302, **NOT_THEIRS),
        kwargs=lambda w: {"pk": _issued(w).pk},
        data=lambda w: {"revoked_on": "2026-08-01", "revoked_reason": "矩阵测试撤销", "confirm": "on"},
        note="the province revokes first; the institution and the admin are then sent back to the detail page",
    ),
    page("training:cohort-certificates", *CERTIFICATE_STAFF, kwargs=lambda w: {"pk": _cohort(w).pk}, **NOT_THEIRS),
    # Only the cohort's own institution issues (Article 2: the certificate comes from the entrusted institution).
    page("training:cohort-issue", "institution_a", kwargs=lambda w: {"pk": _cohort(w).pk}, **NOT_THEIRS),
    post(
        "training:cohort-issue",
        only(403, ["institution_a"], status=302, **NOT_THEIRS),
        kwargs=lambda w: {"pk": _cohort(w).pk},
        data=_issue_data,
    ),
    page("training:graduate-issue", "institution_a", kwargs=lambda w: {"pk": _waiting(w).pk}, **NOT_THEIRS),
    post(
        "training:graduate-issue",
        only(403, ["institution_a"], status=302, **NOT_THEIRS),
        kwargs=lambda w: {"pk": _waiting(w).pk},
        data=lambda w: ISSUE_DATE,
    ),
    post(
        "training:certificate-bundle-create",
        only(403, CERTIFICATE_STAFF, status=302, **NOT_THEIRS),
        kwargs=lambda w: {"pk": _cohort(w).pk},
    ),
    page("training:certificate-bundle", *CERTIFICATE_STAFF, kwargs=lambda w: {"pk": _bundle(w).pk}, **NOT_THEIRS),
    Case(
        "training:certificate-bundle-download",
        only(403, CERTIFICATE_STAFF, status=302, **NOT_THEIRS),
        kwargs=lambda w: {"pk": _bundle(w).pk},
        note="not built yet: sent to the progress page",
    ),
    # Public verification (CONTRACT §6): no login, the same answer for everyone.
    Case("verify", _everyone()),
    Case("verify", _everyone(), query="number=FJCQO-001-2026-0001&name=%E6%9E%97%E8%8A%B3", label="asked"),
    Case("verify-keys", _everyone()),
    Case("verify-token", _everyone(), kwargs=lambda w: {"token": _issued(w).token}),
    Case("verify-token", _everyone(), kwargs=lambda w: {"token": "forged.token.x"}, label="forged"),
    Case("api-certificate-verify", _everyone(), query="number=FJCQO-001-2026-0001&name=%E6%9E%97%E8%8A%B3"),
    Case("api-certificate-verify", _everyone(400), query="number=FJCQO-001-2026-0001", label="no name"),
]
