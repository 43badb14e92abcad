"""Permission-matrix entries for registry and account URLs (see cqo_portal/testing/matrix.py)."""

from cqo_portal.testing.matrix import LOGIN, Case, expect

CASES = [
    Case("home", expect(200)),
    Case("login", expect(302, anonymous=200)),  # signed-in users are sent home
    Case("login", expect(302, anonymous=200), method="post", data=lambda w: {"username": "nobody", "password": "x"}),
    Case("logout", expect(LOGIN), method="post"),
    Case("logout", expect(405, anonymous=405), note="logging out by GET is refused: a link must not sign people out"),
    Case("password_change", expect(200)),
    Case(
        "password_change",
        expect(200),
        method="post",
        data=lambda w: {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        note="a wrong old password re-shows the form",
        changes_nothing=True,
    ),
    Case("password_change_done", expect(200)),
    Case("registry:enterprise-list", expect(403, province=200, city_a=200, city_b=200, admin=200)),
    Case("registry:enterprise-list", expect(403, province=200, city_a=200, city_b=200, admin=200), query="export=csv"),
    Case(
        "registry:enterprise-detail",
        expect(404, province=200, city_a=200, enterprise_a=200, admin=200),
        kwargs=lambda w: {"pk": w.acme.pk},
    ),
    Case("api-schema", expect(200, anonymous=403), note="the OpenAPI schema is for signed-in systems and staff"),
    Case("healthz", expect(200, anonymous=200), note="public: load balancers call it without signing in"),
    Case("admin:index", expect(LOGIN, admin=200), note="the Django admin is for superusers only"),
]
