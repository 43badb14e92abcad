"""Permission-matrix entries for the account pages, the enterprise application and the password reset pages.

The province manages every account; a city bureau sees its colleagues and its enterprises' accounts and manages
only the latter (and reviews applications naming its unit); everyone else has no account pages. Anyone, signed in
or not, may apply for an enterprise account and ask for a password reset.
"""

from itertools import count

from cqo_portal.testing.matrix import BUREAUX, SIGNED_IN, Case, expect, inert_post, listing, page, post
from registry.models import AccountApplication, Role, User

_serial = count(1)

ALL = ("anonymous", *SIGNED_IN)
# The Fuzhou enterprise accounts (acme's): the province, Fuzhou's bureau and the admin manage them; Xiamen's
# bureau does not see them; the other roles have no account pages.
MANAGES_ACME = dict(province=200, city_a=200, admin=200, city_b=404)
MANAGED_ACME = dict(province=302, city_a=302, admin=302, city_b=404)


def acme_clerk(w, *, active: bool = True):
    """A fresh acme account for each call, so each principal's write acts on an account no one changed before."""
    clerk = User.objects.create_user(
        f"acme.clerk{next(_serial)}",
        email="clerk@acme.example.invalid",
        role=Role.ENTERPRISE,
        enterprise=w.acme,
        last_name="郑文员",
        is_active=active,
    )
    return {"pk": clerk.pk}


def fuzhou_application(w):
    """A fresh pending application from acme (already on file) naming Fuzhou."""
    application = AccountApplication.objects.create(
        credit_code=w.acme.credit_code,
        enterprise_name=w.acme.name,
        legal_representative="郑建国",
        industry_section="C",
        contact_name="郑文员",
        mobile="13800000009",
        email="apply@acme.example.invalid",
        city=w.fuzhou,
    )
    return {"pk": application.pk}


def user_pk(principal):
    return lambda w: {"pk": w.user(principal).pk}


CASES = [
    *listing("registry:account-list", *BUREAUX),
    page("registry:account-list", *BUREAUX, query="q=榕城&role=enterprise&is_active=1&sort=-last_login"),
    page("registry:account-create", *BUREAUX),
    post(
        "registry:account-create",
        expect(403, province=302, city_a=200, city_b=200, admin=200),
        data=lambda w: {
            "username": "xm.colleague",
            "last_name": "厦门新同事",
            "email": "colleague@xiamen.example.invalid",
            "role": Role.CITY,
            "city": w.xiamen.pk,
        },
        note="only the province opens a city account (a city bureau's form offers enterprise accounts only); "
        "the admin, posting after the province, finds the username taken",
    ),
    Case(
        "registry:account-detail",
        expect(403, province=200, city_a=200, city_b=404, admin=200),
        kwargs=user_pk("enterprise_a"),
        note="acme's account: its city bureau sees it",
    ),
    Case(
        "registry:account-detail",
        expect(403, province=200, city_a=200, city_b=404, admin=200),
        kwargs=user_pk("city_a"),
        label="colleague",
        note="a city bureau sees its own colleagues' accounts",
    ),
    Case("registry:account-update", expect(403, **MANAGES_ACME), kwargs=user_pk("enterprise_a")),
    Case(
        "registry:account-update",
        expect(403, province=200, city_a=403, city_b=404, admin=200),
        kwargs=user_pk("city_a"),
        label="colleague",
        note="a city bureau sees but does not manage city accounts: the province does",
    ),
    post(
        "registry:account-update",
        expect(403, **MANAGED_ACME),
        kwargs=acme_clerk,
        data=lambda w: {"last_name": "郑文员", "email": "new@acme.example.invalid", "phone": "13800000010"},
    ),
    Case("registry:account-disable", expect(403, **MANAGES_ACME), kwargs=acme_clerk),
    post(
        "registry:account-disable",
        expect(403, **MANAGED_ACME),
        kwargs=acme_clerk,
        data=lambda w: {"confirm": "1"},
        label="confirmed",
    ),
    post(
        "registry:account-enable",
        expect(403, **MANAGED_ACME),
        kwargs=lambda w: acme_clerk(w, active=False),
        data=lambda w: {"confirm": "1"},
    ),
    post("registry:account-send-link", expect(403, **MANAGED_ACME), kwargs=acme_clerk),
    # The public application: a form anyone may fill in; an invalid one is re-shown and stores nothing.
    page("registry:account-apply", *ALL),
    inert_post(
        "registry:account-apply",
        lambda w: {"credit_code": "913501000000000000", "enterprise_name": "某企业"},
        *ALL,
        note="a wrong check digit re-shows the form",
    ),
    page("registry:account-apply-done", *ALL),
    *listing("registry:account-application-list", *BUREAUX),
    Case(
        "registry:account-application-detail",
        expect(403, **MANAGES_ACME),
        kwargs=fuzhou_application,
        note="an application naming Fuzhou: Xiamen's bureau does not see it",
    ),
    post("registry:account-application-approve", expect(403, **MANAGED_ACME), kwargs=fuzhou_application),
    Case("registry:account-application-reject", expect(403, **MANAGES_ACME), kwargs=fuzhou_application),
    post(
        "registry:account-application-reject",
        expect(403, **MANAGED_ACME),
        kwargs=fuzhou_application,
        data=lambda w: {"reason": "营业执照信息与申请不符"},
    ),
    # Forgotten password: the same answer whether or not the address has an account.
    page("password_reset", *ALL),
    post(
        "password_reset",
        expect(302, anonymous=302),
        data=lambda w: {"email": "nobody@example.invalid"},
        changes_nothing=True,
        note="an address with no account gets the same answer and changes nothing",
    ),
    page("password_reset_done", *ALL),
    page(
        "password_reset_confirm",
        *ALL,
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
        note="a void link is a page saying so",
    ),
    page("password_reset_complete", *ALL),
]
