"""Accounts in a real browser: the province opens a city account, an enterprise applies and its city bureau approves
it, and the new user sets a password through the emailed link and signs in."""

import re

import pytest
from django.core import mail

from cqo_portal.testing.world import PASSWORD
from registry.models import User
from registry.validators import make_credit_code

pytestmark = pytest.mark.django_db(transaction=True)

CODE = make_credit_code("91350100MA0000099")


def emailed_link(to: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group(0)


def test_accounts_from_opening_to_first_sign_in(world, page, login, screenshot, live_server):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    # The province opens a city bureau account: no password is typed, a link is emailed.
    login(world.user("province").username, PASSWORD)
    page.get_by_role("link", name="账号", exact=True).click()
    screenshot("account-list")
    page.get_by_test_id("account-create").click()
    page.fill("input[name=username]", "xm.zhou")
    page.fill("input[name=last_name]", "周厦门")
    page.fill("input[name=email]", "xm.zhou@example.invalid")
    page.select_option("select[name=role]", "city")
    page.select_option("select[name=city]", label="厦门市")
    page.get_by_role("button", name="开通账号并发送设置密码邮件").click()
    assert page.get_by_test_id("account-heading").inner_text() == "账号：xm.zhou"
    assert "设置密码的链接已发送到 xm.zhou@example.invalid" in page.content()
    screenshot("account-page")
    assert User.objects.get(username="xm.zhou").city == world.xiamen
    assert emailed_link("xm.zhou@example.invalid")

    # An enterprise applies on the public form, signed out.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_test_id("apply-link").click()
    page.fill("input[name=credit_code]", CODE)
    page.fill("input[name=enterprise_name]", "闽侯新材料有限公司")
    page.fill("input[name=legal_representative]", "陈立")
    page.select_option("select[name=industry_section]", "C")
    page.select_option("select[name=city]", label="福州市")
    page.fill("input[name=contact_name]", "陈小明")
    page.fill("input[name=mobile]", "13900000001")
    page.fill("input[name=email]", "chen@minhou.example.invalid")
    screenshot("account-application-form")
    page.get_by_role("button", name="提交申请").click()
    assert page.get_by_test_id("apply-done").inner_text() == "申请已提交"

    # Fuzhou's bureau sees it on its home page and approves it.
    login(world.user("city_a").username, PASSWORD)
    page.get_by_role("link", name="有1份企业账号申请待审核").click()
    page.get_by_role("link", name="闽侯新材料有限公司").click()
    screenshot("account-application-review")
    page.get_by_test_id("application-approve").click()
    assert page.get_by_test_id("account-heading").inner_text() == f"账号：{CODE}"

    # The applicant sets a password through the emailed link and signs in with the credit code.
    page.context.clear_cookies()
    page.goto(emailed_link("chen@minhou.example.invalid"))
    page.fill("input[name=new_password1]", "Minhou-2026-pass")
    page.fill("input[name=new_password2]", "Minhou-2026-pass")
    page.get_by_role("button", name="保存密码").click()
    assert page.get_by_test_id("reset-complete").is_visible()
    login(CODE, "Minhou-2026-pass")
    assert page.get_by_test_id("home-heading").inner_text() == "闽侯新材料有限公司工作台"
    assert "这是您首次登录本平台" in page.get_by_test_id("previous-login").inner_text()
    assert not console_errors, console_errors
