"""Each role signs in through the browser and sees its own home page; CSP errors would show in the console."""

import pytest

from cqo_portal.testing.world import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "principal, heading",
    [
        ("province", "省局工作台"),
        ("city_a", "福州市工作台"),
        ("institution_a", "闽江质量学院培训部工作台"),
        ("enterprise_a", "榕城精密机械有限公司工作台"),
    ],
)
def test_role_signs_in_and_sees_its_home(world, page, login, screenshot, principal, heading):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    login(world.user(principal).username, PASSWORD)
    assert page.get_by_test_id("home-heading").inner_text() == heading
    screenshot(f"home-{principal}")
    # Bootstrap's own JS must run under the CSP: the user menu opens.
    page.get_by_test_id("user-menu").click()
    assert page.get_by_role("button", name="退出登录").is_visible()
    assert not console_errors, console_errors


def test_wrong_password_shows_a_chinese_error(world, page, login, screenshot):
    login(world.user("city_a").username, "not-the-password")
    assert page.get_by_text("用户名或密码不正确").is_visible()
    screenshot("login-error")


def test_sign_out(world, page, login, live_server):
    login(world.user("enterprise_a").username, PASSWORD)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
