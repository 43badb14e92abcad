"""Permission-matrix entries for registry and account URLs (see cqo_portal/testing/matrix.py)."""

from cqo_portal.testing.matrix import (
    BUREAUX,
    LOGIN,
    SIGNED_IN,
    Case,
    expect,
    inert_post,
    listing,
    page,
    post,
    scoped,
)
from registry.models import Enterprise
from registry.validators import make_credit_code


def acme_profile(w):
    """acme's profile as the edit form posts it, with one change (the name)."""
    return {
        "credit_code": w.acme.credit_code,
        "city": w.fuzhou.pk,
        "name": "榕城精密机械股份有限公司",
        "address": "福州市仓山区金山大道1号",
        "legal_representative": "郑建国",
        "industry_section": "C",
        "industry_division": "34",
        "employees": "320",
        "revenue": "25000",
        "total_assets": "18000",
        "declared_size": "",
        "cqo_post_established": "on",
    }


def new_enterprise(w):
    return {
        "credit_code": make_credit_code("91350100MA0000077"),
        "city": w.fuzhou.pk,
        "name": "闽侯新材料有限公司",
        "industry_section": "C",
        "employees": "25",
        "revenue": "350",
    }


def acme(w):
    return {"pk": w.acme.pk}


def pending_enterprise(w):
    """An enterprise in Fuzhou that a graduate import created, waiting for the Fuzhou bureau's check (again, for
    each principal in turn: an earlier principal's check does not change what the next one is allowed)."""
    enterprise, _ = Enterprise.objects.update_or_create(
        credit_code=make_credit_code("91350100MA0000085"),
        defaults={
            "name": "闽侯待核实机电有限公司",
            "city": w.fuzhou,
            "pending_city_check": True,
            "industry_section": "",
        },
    )
    return {"pk": enterprise.pk}


def pending_profile(w):
    return {
        "credit_code": make_credit_code("91350100MA0000085"),
        "city": w.fuzhou.pk,
        "name": "闽侯待核实机电有限公司",
        "industry_section": "C",
        "employees": "30",
        "revenue": "500",
    }


def bolt(w):
    return {"pk": w.bolt.pk}


def lin_fang(w):
    return {"person_id": w.lin_fang.pk}


# Who may open acme's edit form; the institutions are refused outright, other scopes get 404.
EDITS_ACME = dict(province=200, city_a=200, enterprise_a=200, admin=200, institution_a=403, institution_b=403)
SAVED = dict(province=302, city_a=302, enterprise_a=302, admin=302)

CASES = [
    Case("home", expect(200)),
    Case("login", expect(302, anonymous=200)),  # signed-in users are sent home
    post("login", expect(302, anonymous=200), data=lambda w: {"username": "nobody", "password": "x"}, label="unknown"),
    post("logout", expect(LOGIN)),
    Case("logout", expect(405, anonymous=405), note="logging out by GET is refused: a link must not sign people out"),
    Case("password_change", expect(200)),
    inert_post(
        "password_change",
        lambda w: {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        *SIGNED_IN,
        note="a wrong old password re-shows the form",
    ),
    Case("password_change_done", expect(200)),
    *listing("registry:enterprise-list", *BUREAUX),
    page("registry:enterprise-list", *BUREAUX, query="q=榕城&industry_section=C&size=medium"),
    Case(
        "registry:my-enterprise",
        expect(403, enterprise_a=302, enterprise_b=302),
        note="redirects to its own profile",
    ),
    scoped("registry:enterprise-detail", acme, "province", "city_a", "enterprise_a", "admin", label="acme"),
    scoped("registry:enterprise-detail", bolt, "province", "city_b", "enterprise_b", "admin", label="bolt"),
    page("registry:enterprise-create", *BUREAUX),
    inert_post(
        "registry:enterprise-create",
        lambda w: {"name": "", "credit_code": "91350100MA0000001X", "city": w.fuzhou.pk},
        *BUREAUX,
        label="invalid",
        note="an invalid enterprise re-shows the form",
    ),
    post(
        "registry:enterprise-create",
        expect(403, province=302, city_a=200, city_b=200, admin=200),
        data=new_enterprise,
        label="valid",
        note="province creates it; then the credit code is taken (city_a) or the unit is not theirs (city_b)",
    ),
    Case("registry:enterprise-update", expect(404, **EDITS_ACME), kwargs=acme),
    post(
        "registry:enterprise-update",
        expect(404, **{**EDITS_ACME, **SAVED}),
        kwargs=acme,
        data=acme_profile,
        label="valid",
        note="refused principals post a valid profile and must change nothing",
    ),
    post(
        "registry:enterprise-update",
        expect(404, **EDITS_ACME),
        kwargs=acme,
        data=lambda w: {**acme_profile(w), "industry_division": "51"},
        label="invalid",
        note="a division outside the section re-shows the form",
        changes_nothing=True,
    ),
    page("registry:enterprise-confirm-size", *BUREAUX, kwargs=acme, city_b=404),
    # The check of an enterprise a graduate import created: its city bureau (or the province) completes it.
    page("registry:enterprise-confirm-record", *BUREAUX, kwargs=pending_enterprise, city_b=404),
    Case(
        "registry:enterprise-confirm-record",
        expect(403, province=404, city_a=404, city_b=404, admin=404),
        kwargs=acme,
        label="already checked",
        note="an enterprise not waiting for a check has no such page",
    ),
    post(
        "registry:enterprise-confirm-record",
        expect(403, province=302, city_a=302, city_b=404, admin=302),
        kwargs=pending_enterprise,
        data=pending_profile,
    ),
    post(
        "registry:enterprise-confirm-size",
        expect(403, province=302, city_a=302, city_b=404, admin=302),
        kwargs=acme,
        data=lambda w: {"declared_size": "large"},
    ),
    # The talent pool: every role sees its own scope; lin_fang (acme, Fuzhou, trained by academy) is in it.
    page("pool:list", *SIGNED_IN),
    page("pool:list", *SIGNED_IN, query="export=csv", note="masked IDs; writes an access-log row"),
    page("pool:list", *SIGNED_IN, query="export=xlsx", note="masked IDs; writes an access-log row"),
    scoped(
        "pool:detail",
        lin_fang,
        "province",
        "city_a",
        "institution_a",
        "enterprise_a",
        "admin",
        label="lin_fang",
    ),
    scoped(
        "pool:detail",
        lambda w: {"person_id": w.chen_jie.pk},
        label="chen_jie",
        note="chen_jie holds no certificate and no appointment: not in the pool, so 404 for everyone",
    ),
    Case("api-schema", expect(200, anonymous=403), note="the OpenAPI schema is for signed-in systems and staff"),
    Case("healthz", expect(200, anonymous=200), note="public: load balancers call it without signing in"),
    Case("admin:index", expect(LOGIN, admin=200), note="the Django admin is for superusers only"),
    # Notifications: everyone signed in has their own (an empty list is still their page).
    *listing("registry:notice-list", *SIGNED_IN),
    page("registry:notice-list", *SIGNED_IN, query="state=unread&sort=-at", label="unread"),
    post("registry:notice-read-all", expect(302), note="marks read only the user's own notices"),
]

# The appointment pages keep their entries in their own module.
from .matrix_appointments import CASES as APPOINTMENT_CASES  # noqa: E402

CASES += APPOINTMENT_CASES

from .matrix_appointment_edits import CASES as APPOINTMENT_EDIT_CASES  # noqa: E402

CASES += APPOINTMENT_EDIT_CASES

# Article 6 findings, resident-ID access and the registry JSON API keep their entries in their own modules too.
from .matrix_accounts import CASES as ACCOUNT_CASES  # noqa: E402
from .matrix_api import CASES as API_CASES  # noqa: E402
from .matrix_findings import CASES as FINDING_CASES  # noqa: E402

CASES += FINDING_CASES + API_CASES + ACCOUNT_CASES
