"""Permission-matrix entries for the appointment pages, the Article 14 look-up and its API (added to matrix.py)."""

from cqo_portal.testing.matrix import Case, expect

from .appointment_fixtures import (
    cached_acknowledged,
    cached_city_notice,
    cached_draft,
    cached_submitted,
)


def _pk(make):
    return lambda w: {"pk": make(w).pk}


# Who may see an appointment of acme (Fuzhou) naming lin_fang, who holds an academy certificate.
SEES_ACME_APPOINTMENT = dict(province=200, city_a=200, institution_a=200, enterprise_a=200, admin=200)
BUREAU_OF_ACME = dict(province=200, city_a=200, admin=200)

CASES = [
    Case(
        "registry:appointment-list",
        expect(403, province=200, city_a=200, city_b=200, enterprise_a=200, enterprise_b=200, admin=200),
    ),
    Case(
        "registry:appointment-list",
        expect(403, province=200, city_a=200, city_b=200, enterprise_a=200, enterprise_b=200, admin=200),
        query="export=csv&status=submitted",
    ),
    Case(
        "registry:appointment-create",
        expect(403, enterprise_a=200, enterprise_b=200),
        note="only an enterprise files its own CQO; the admin does not file for one",
    ),
    Case(
        "registry:appointment-create",
        expect(403, enterprise_a=200, enterprise_b=200),
        method="post",
        data=lambda w: {"person-existing": "", "periods-TOTAL_FORMS": "0", "periods-INITIAL_FORMS": "0"},
        note="an incomplete form is re-shown with errors",
        changes_nothing=True,
    ),
    Case(
        "registry:appointment-detail",
        expect(404, **SEES_ACME_APPOINTMENT),
        kwargs=_pk(cached_submitted),
    ),
    Case(
        "registry:appointment-detail",
        expect(404, enterprise_a=200),
        kwargs=_pk(cached_draft),
        note="a draft is the enterprise's own until it is submitted",
    ),
    Case(
        "registry:appointment-submit",
        # The legal representative appoints (Article 2): the province and the admin review, never file.
        expect(403, enterprise_a=302, enterprise_b=404),
        method="post",
        kwargs=_pk(cached_draft),
    ),
    Case(
        "registry:appointment-acknowledge",
        expect(403, city_b=404, **BUREAU_OF_ACME),
        kwargs=_pk(cached_submitted),
        note="the confirmation page",
    ),
    Case(
        "registry:appointment-acknowledge",
        expect(403, province=302, city_a=302, city_b=404, admin=302),
        method="post",
        kwargs=_pk(cached_submitted),
    ),
    Case(
        "registry:appointment-return",
        expect(403, city_b=404, **BUREAU_OF_ACME),
        kwargs=_pk(cached_submitted),
    ),
    Case(
        "registry:appointment-return",
        # The province returns it first; for the others it is no longer pending, so the form
        # comes back with the service's error instead of a redirect.
        expect(403, province=302, city_a=200, city_b=404, admin=200),
        method="post",
        kwargs=_pk(cached_submitted),
        data=lambda w: {"reason": "聘任文件未盖章"},
    ),
    Case(
        "registry:appointment-dismiss",
        expect(403, enterprise_a=200, enterprise_b=404),
        kwargs=_pk(cached_acknowledged),
    ),
    Case(
        "registry:appointment-dismiss",
        expect(403, enterprise_a=302, enterprise_b=404),
        method="post",
        kwargs=_pk(cached_acknowledged),
        data=lambda w: {"ended_on": "2025-06-30", "reason": "工作调动", "confirm": "on"},
        note="only the enterprise dismisses its CQO; the province and the admin do not",
    ),
    Case(
        "registry:appointment-letter",
        expect(404, **SEES_ACME_APPOINTMENT),
        kwargs=_pk(cached_submitted),
        note="the letter follows the appointment's scope: 404 outside it",
    ),
    # A draft is the enterprise's own: nobody else may open it, its letter or its review pages.
    Case(
        "registry:appointment-letter",
        expect(404, enterprise_a=200),
        kwargs=_pk(cached_draft),
        note="a draft's letter is the enterprise's alone",
    ),
    Case(
        "registry:appointment-acknowledge",
        expect(403, province=404, city_a=404, city_b=404, admin=404),
        kwargs=_pk(cached_draft),
    ),
    Case(
        "registry:appointment-return",
        expect(403, province=404, city_a=404, city_b=404, admin=404),
        kwargs=_pk(cached_draft),
    ),
    Case("registry:cqo-status", expect(403, province=200, city_a=200, city_b=200, admin=200)),
    Case(
        "registry:cqo-status",
        expect(403, province=200, city_a=200, city_b=200, admin=200),
        query="credit_code=91350100AC0000001",
    ),
    Case(
        "registry:notice-read",
        expect(404, city_a=302),
        method="post",
        kwargs=_pk(cached_city_notice),
        note="a notice to a city bureau is theirs alone",
    ),
    Case(
        "enterprise-cqo-status",
        expect(404, anonymous=403, province=200, city_a=200, enterprise_a=200, admin=200),
        kwargs=lambda w: {"credit_code": w.acme.credit_code},
    ),
]
