"""Permission-matrix entries for the appointment pages, the Article 14 look-up and its API (added to matrix.py)."""

from cqo_portal.testing.matrix import BUREAUX, ENTERPRISES, expect, inert_post, listing, page, post, scoped

from .appointment_fixtures import (
    cached_acknowledged,
    cached_city_notice,
    cached_draft,
    cached_submitted,
)


def _pk(make):
    return lambda w: {"pk": make(w).pk}


# Who may see an appointment of acme (Fuzhou) naming lin_fang, who holds an academy certificate.
SEES_ACME_APPOINTMENT = ("province", "city_a", "institution_a", "enterprise_a", "admin")
BUREAU_OF_ACME = ("province", "city_a", "admin")
FILERS = (*BUREAUX, *ENTERPRISES)  # bureaux oversee appointments, enterprises file them
SUBMITTED = _pk(cached_submitted)
DRAFT = _pk(cached_draft)
ACKNOWLEDGED = _pk(cached_acknowledged)
DRAFT_UNSEEN = dict.fromkeys(BUREAUX, 404)  # the bureaux do not know a draft exists; the rest are refused

CASES = [
    *listing("registry:appointment-list", *FILERS, query="export=csv&status=submitted"),
    page(
        "registry:appointment-create",
        *ENTERPRISES,
        note="only an enterprise files its own CQO; the admin does not file for one",
    ),
    inert_post(
        "registry:appointment-create",
        lambda w: {"person-existing": "", "periods-TOTAL_FORMS": "0", "periods-INITIAL_FORMS": "0"},
        *ENTERPRISES,
        note="an incomplete form is re-shown with errors",
    ),
    scoped("registry:appointment-detail", SUBMITTED, *SEES_ACME_APPOINTMENT, label="submitted"),
    scoped(
        "registry:appointment-detail",
        DRAFT,
        "enterprise_a",
        label="draft",
        note="a draft is the enterprise's own until it is submitted",
    ),
    # The legal representative appoints (Article 2): the province and the admin review, never file.
    post("registry:appointment-submit", expect(403, enterprise_a=302, enterprise_b=404), kwargs=DRAFT),
    page(
        "registry:appointment-acknowledge",
        *BUREAU_OF_ACME,
        kwargs=SUBMITTED,
        city_b=404,
        label="submitted",
        note="the confirmation page",
    ),
    post(
        "registry:appointment-acknowledge",
        expect(403, province=302, city_a=302, city_b=404, admin=302),
        kwargs=SUBMITTED,
    ),
    page("registry:appointment-return", *BUREAU_OF_ACME, kwargs=SUBMITTED, city_b=404, label="submitted"),
    post(
        "registry:appointment-return",
        # The province returns it first; for the others it is no longer pending, so the form
        # comes back with the service's error instead of a redirect.
        expect(403, province=302, city_a=200, city_b=404, admin=200),
        kwargs=SUBMITTED,
        data=lambda w: {"reason": "聘任文件未盖章"},
    ),
    page("registry:appointment-dismiss", "enterprise_a", kwargs=ACKNOWLEDGED, enterprise_b=404),
    post(
        "registry:appointment-dismiss",
        expect(403, enterprise_a=302, enterprise_b=404),
        kwargs=ACKNOWLEDGED,
        data=lambda w: {"ended_on": "2025-06-30", "reason": "工作调动", "confirm": "on"},
        note="only the enterprise dismisses its CQO; the province and the admin do not",
    ),
    scoped(
        "registry:appointment-letter",
        SUBMITTED,
        *SEES_ACME_APPOINTMENT,
        label="submitted",
        note="the letter follows the appointment's scope: 404 outside it",
    ),
    # A draft is the enterprise's own: nobody else may open it, its letter or its review pages.
    scoped(
        "registry:appointment-letter",
        DRAFT,
        "enterprise_a",
        label="draft",
        note="a draft's letter is the enterprise's alone",
    ),
    page("registry:appointment-acknowledge", kwargs=DRAFT, label="draft", **DRAFT_UNSEEN),
    page("registry:appointment-return", kwargs=DRAFT, label="draft", **DRAFT_UNSEEN),
    *listing("registry:cqo-status", *BUREAUX, query="credit_code=91350100AC0000001"),
    post(
        "registry:notice-read",
        expect(404, city_a=302),
        kwargs=_pk(cached_city_notice),
        note="a notice to a city bureau is theirs alone",
    ),
    scoped(
        "enterprise-cqo-status",
        lambda w: {"credit_code": w.acme.credit_code},
        "province",
        "city_a",
        "enterprise_a",
        "admin",
        anonymous=403,
    ),
]
