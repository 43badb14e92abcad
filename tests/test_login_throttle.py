"""Password guessing is slowed per username and client address, on the portal and the admin alike,
with the client's address read from X-Forwarded-For only when a trusted proxy sent it."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from cqo_portal.client_ip import client_ip
from cqo_portal.testing.world import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
OFFICE_A = "203.0.113.5"
OFFICE_B = "198.51.100.7"


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 5


def via_proxy(client_address: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def portal_login(client, username: str, password: str, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def admin_login(client, username: str, password: str, **meta):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, **meta)


def assert_locked(response, client):
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多" in page and "15分钟" in page
    assert 'class="navbar' in page, "the lockout answer is a page of the portal's layout"
    assert "_auth_user_id" not in client.session


def test_one_office_guessing_does_not_lock_the_account_for_another_behind_the_same_proxy(client, world):
    """Five wrong passwords for province from office A lock A; province still signs in from office B."""
    username = world.user("province").username
    for _ in range(4):
        response = portal_login(client, username, "wrong", **via_proxy(OFFICE_A))
        assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    assert_locked(portal_login(client, username, "wrong", **via_proxy(OFFICE_A)), client)
    # The sixth attempt, with the right password, is refused while the lock holds.
    assert_locked(portal_login(client, username, PASSWORD, **via_proxy(OFFICE_A)), client)
    assert portal_login(client, username, PASSWORD, **via_proxy(OFFICE_B)).status_code == 302
    assert client.session["_auth_user_id"] == str(world.user("province").pk)


def test_the_lock_is_recorded_for_the_client_address_not_the_proxy(client, world):
    username = world.user("city_a").username
    for _ in range(2):
        portal_login(client, username, "wrong", **via_proxy(OFFICE_A))
    attempt = AccessAttempt.objects.get(username=username)
    assert attempt.ip_address == OFFICE_A and attempt.failures_since_start == 2
    assert "wrong" not in attempt.post_data, "the audit trail never keeps a tried password"


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(client, world):
    """A client that is not the proxy cannot escape its lock by inventing X-Forwarded-For addresses."""
    username = world.user("city_a").username
    attacker = "192.0.2.66"
    for n in range(5):
        portal_login(client, username, "wrong", REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    response = portal_login(client, username, PASSWORD, REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR="10.9.9.200")
    assert_locked(response, client)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker}


def test_admin_login_locks_after_five_failures(client, world):
    username = world.user("admin").username
    for _ in range(4):
        assert admin_login(client, username, "wrong", **via_proxy(OFFICE_A)).status_code == 200
    assert_locked(admin_login(client, username, "wrong", **via_proxy(OFFICE_A)), client)
    assert_locked(admin_login(client, username, PASSWORD, **via_proxy(OFFICE_A)), client)


def test_admin_and_portal_failures_count_together(client, world):
    """Three wrong passwords on /admin/login/ and two on the portal lock that username from that address."""
    username = world.user("admin").username
    for _ in range(3):
        admin_login(client, username, "wrong", **via_proxy(OFFICE_A))
    for _ in range(2):
        portal_login(client, username, "wrong", **via_proxy(OFFICE_A))
    assert_locked(portal_login(client, username, PASSWORD, **via_proxy(OFFICE_A)), client)
    assert_locked(admin_login(client, username, PASSWORD, **via_proxy(OFFICE_A)), client)


def test_success_clears_earlier_failures(client, world):
    username = world.user("city_b").username
    for _ in range(4):
        portal_login(client, username, "wrong", **via_proxy(OFFICE_A))
    assert portal_login(client, username, PASSWORD, **via_proxy(OFFICE_A)).status_code == 302
    client.logout()
    for _ in range(4):
        portal_login(client, username, "wrong", **via_proxy(OFFICE_A))
    assert portal_login(client, username, PASSWORD, **via_proxy(OFFICE_A)).status_code == 302


@pytest.mark.parametrize(
    "trusted, remote, forwarded, expected",
    [
        ([], "127.0.0.1", "203.0.113.5", "127.0.0.1"),  # no proxy configured: the header is ignored
        (["127.0.0.1"], "192.0.2.66", "203.0.113.5", "192.0.2.66"),  # not from the proxy: ignored
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        # The client wrote the left part itself; the right-most address our proxy added is the client.
        (["127.0.0.1"], "127.0.0.1", "10.0.0.1, 203.0.113.5", "203.0.113.5"),
        # A chain of trusted proxies is skipped from the right.
        (["127.0.0.1", "10.1.1.1"], "127.0.0.1", "203.0.113.5, 10.1.1.1", "203.0.113.5"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
        (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
