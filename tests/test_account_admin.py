"""Accounts managed in the portal: opening, editing and disabling accounts, the set-password email, the public
enterprise application and its review, the forgotten-password page, the last sign-in, and the account history."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cqo_portal.history import history_changes
from cqo_portal.testing.world import PASSWORD
from registry import services
from registry.models import AccountApplication, ApplicationStatus, Enterprise, Notice, Role, User
from registry.validators import make_credit_code

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"
NEW_CODE = make_credit_code("91350100MA0000088")


def link_in(message) -> str:
    """The path of the set-password link in an email."""
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)


def set_password_through(client, message, password="Nw-pass-2026!x") -> None:
    response = client.get(link_in(message), follow=True)  # Django moves the token into the session first
    assert "设置密码" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}, follow=True
    )
    assert "密码已设置" in response.content.decode()


def apply(client, world, **overrides):
    data = {
        "credit_code": NEW_CODE,
        "enterprise_name": "闽侯新材料有限公司",
        "legal_representative": "陈立",
        "industry_section": "C",
        "city": world.fuzhou.pk,
        "contact_name": "陈小明",
        "mobile": "13900000001",
        "email": "contact@minhou.example.invalid",
        **overrides,
    }
    return client.post(reverse("registry:account-apply"), data)


def test_a_new_account_sets_its_own_password_from_the_emailed_link(
    client_for, client, world, django_capture_on_commit_callbacks
):
    """The province opens a city account with no password; its holder sets one through the emailed link and signs in."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("province").post(
            reverse("registry:account-create"),
            {
                "username": "xm.new",
                "last_name": "陈新",
                "email": "xm.new@example.invalid",
                "role": "city",
                "city": world.xiamen.pk,
            },
        )
    account = User.objects.get(username="xm.new")
    assert response.status_code == 302 and response["Location"] == account.get_absolute_url()
    assert account.city == world.xiamen and not account.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["xm.new@example.invalid"]
    client.logout()
    set_password_through(client, mail.outbox[0])
    assert client.post(reverse("login"), {"username": "xm.new", "password": "Nw-pass-2026!x"}).status_code == 302
    assert services_history(account)[0] == ("账号持有人（邮件链接）", "密码", "（空）", "已设置或修改")
    # The link is spent once used.
    assert "链接已失效" in client.get(link_in(mail.outbox[0]), follow=True).content.decode()


def test_a_city_bureau_opens_accounts_only_for_its_own_enterprises(world):
    city = world.user("city_a")
    account = services.account_create(
        actor=city,
        username="acme.two",
        last_name="郑二",
        email="two@acme.example.invalid",
        role=Role.ENTERPRISE,
        enterprise=world.acme,
        base_url=BASE,
    )
    assert account.enterprise == world.acme
    with pytest.raises(PermissionDenied):
        services.account_create(
            actor=city,
            username="bolt.two",
            last_name="许二",
            email="two@bolt.example.invalid",
            role=Role.ENTERPRISE,
            enterprise=world.bolt,
            base_url=BASE,
        )
    with pytest.raises(PermissionDenied):
        services.account_create(
            actor=city,
            username="fz.two",
            last_name="林二",
            email="two@fz.example.invalid",
            role=Role.CITY,
            city=world.fuzhou,
            base_url=BASE,
        )
    assert not User.objects.filter(username__in=["bolt.two", "fz.two"]).exists()


def test_a_city_bureau_lists_its_colleagues_and_its_enterprises_accounts(client_for, world):
    page = client_for("city_a").get(reverse("registry:account-list")).content.decode()
    assert "lin.fuzhou" in page and "huang.acme" in page
    assert "chen.xiamen" not in page and "wu.bolt" not in page and "zhang.province" not in page


def test_account_list_search_filters_sort_and_csv(client_for, world):
    client = client_for("province")
    page = client.get(reverse("registry:account-list"), {"q": "鹭岛"}).content.decode()
    assert "wu.bolt" in page and "huang.acme" not in page
    page = client.get(reverse("registry:account-list"), {"unit": world.fuzhou.pk}).content.decode()
    assert "lin.fuzhou" in page and "huang.acme" in page and "chen.xiamen" not in page
    page = client.get(reverse("registry:account-list"), {"sort": "-username"}).content.decode()
    assert page.index("zhang.province") < page.index("huang.acme")
    csv = b"".join(client.get(reverse("registry:account-list"), {"export": "csv", "role": "city"}).streaming_content)
    text = csv.decode("utf-8-sig")
    assert "用户名" in text and "lin.fuzhou" in text and "huang.acme" not in text and "最近登录" in text


def test_account_list_queries_stay_flat(client_for, world):
    client = client_for("province")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("registry:account-list"))
    for n in range(10):
        User.objects.create_user(f"acme.extra{n}", role=Role.ENTERPRISE, enterprise=world.acme)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("registry:account-list"))
    assert len(many) == len(few)


def test_disabling_an_account_stops_its_sign_in_and_is_in_its_history(client, client_for, world):
    """Disabling asks for confirmation first; then the account cannot sign in, and its page says who did it."""
    target = world.user("enterprise_a")
    url = reverse("registry:account-disable", kwargs={"pk": target.pk})
    city = client_for("city_a")
    assert "确认停用" in city.get(url).content.decode()
    city.post(url, {})  # without the confirmation nothing happens
    target.refresh_from_db()
    assert target.is_active
    city.post(url, {"confirm": "1"})
    target.refresh_from_db()
    assert not target.is_active
    page = city.get(target.get_absolute_url()).content.decode()
    assert "林福州" in page and "已停用" in page
    history = services_history(target)
    assert ("林福州", "有效", "是", "否") in history
    client.logout()
    response = client.post(reverse("login"), {"username": target.username, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def services_history(account):
    """The account page's history, one (who, field, old, new) per changed field, newest first."""
    return [(e.who, c.label, c.old, c.new) for e in history_changes(account) for c in e.changes]


def test_no_one_disables_themselves_and_the_province_leaves_superusers_to_the_admin(world):
    province = world.user("province")
    with pytest.raises(ValidationError):
        services.account_set_active(actor=province, account=province, active=False)
    with pytest.raises(PermissionDenied):
        services.account_set_active(actor=province, account=world.user("admin"), active=False)


def test_editing_an_account_records_old_and_new_values(client_for, world):
    target = world.user("enterprise_a")
    client_for("province").post(
        reverse("registry:account-update", kwargs={"pk": target.pk}),
        {"last_name": "黄榕城", "email": "huang@acme.example.invalid", "phone": "138 0000 0002"},
    )
    target.refresh_from_db()
    assert target.phone == "13800000002"
    assert services_history(target)[:2] == [
        ("张省局", "电子邮件地址", "（空）", "huang@acme.example.invalid"),
        ("张省局", "手机号码", "（空）", "13800000002"),
    ]


def test_signing_in_shows_the_previous_sign_in_and_writes_no_history(client, world):
    user = world.user("city_a")
    opened = user.history.count()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert "这是您首次登录本平台" in client.get(reverse("home")).content.decode()
    client.logout()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    user.refresh_from_db()
    assert "上次登录：" in client.get(reverse("home")).content.decode()
    assert user.last_login is not None and user.history.count() == opened  # signing in is not a change


def test_the_application_answers_the_same_whether_or_not_the_enterprise_has_an_account(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = apply(client, world)
        on_file = apply(client, world, credit_code=world.acme.credit_code, enterprise_name=world.acme.name)
    assert new.status_code == on_file.status_code == 302
    assert new["Location"] == on_file["Location"] == reverse("registry:account-apply-done")
    assert AccountApplication.objects.filter(status=ApplicationStatus.PENDING, city=world.fuzhou).count() == 2
    assert Notice.objects.filter(recipient_city=world.fuzhou, text__contains="企业账号申请待审核").count() == 2


def test_the_application_is_bounded_per_address_and_ignores_robots(client, world, settings):
    settings.ACCOUNT_APPLICATION_LIMITS = [(2, 3600)]
    assert apply(client, world).status_code == 302
    assert apply(client, world, website="http://spam.example").status_code == 302  # a robot: stored nowhere
    assert apply(client, world).status_code == 302
    response = apply(client, world)
    assert response.status_code == 429 and "申请过多" in response.content.decode()
    assert AccountApplication.objects.count() == 2


def test_approving_registers_the_enterprise_and_opens_its_account(
    client_for, client, world, django_capture_on_commit_callbacks
):
    apply(client, world)
    application = AccountApplication.objects.get()
    city = client_for("city_a")
    home = city.get(reverse("home")).content.decode()
    assert "有1份企业账号申请待审核" in home
    assert "有1份企业账号申请待审核" in client_for("province").get(reverse("home")).content.decode()
    city = client_for("city_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = city.post(reverse("registry:account-application-approve", kwargs={"pk": application.pk}))
    enterprise = Enterprise.objects.get(credit_code=NEW_CODE)
    account = User.objects.get(enterprise=enterprise)
    assert response["Location"] == account.get_absolute_url()
    assert enterprise.city == world.fuzhou and enterprise.legal_representative == "陈立"
    assert account.username == NEW_CODE and account.email == "contact@minhou.example.invalid"
    assert [m.to for m in mail.outbox] == [["contact@minhou.example.invalid"]]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED and application.account == account
    with pytest.raises(ValidationError, match="已通过"):
        services.application_approve(actor=world.user("province"), application=application, base_url=BASE)


def test_an_application_naming_another_unit_than_the_enterprise_on_file_is_not_approved(client, world):
    apply(client, world, credit_code=world.bolt.credit_code, enterprise_name=world.bolt.name)
    application = AccountApplication.objects.get()
    with pytest.raises(ValidationError, match="登记在厦门市"):
        services.application_approve(actor=world.user("city_a"), application=application, base_url=BASE)
    assert not User.objects.filter(username=world.bolt.credit_code).exists()


def test_rejecting_emails_the_reason(client_for, client, world, django_capture_on_commit_callbacks):
    apply(client, world)
    application = AccountApplication.objects.get()
    url = reverse("registry:account-application-reject", kwargs={"pk": application.pk})
    city = client_for("city_a")
    assert "请填写退回该申请的理由" in city.post(url, {"reason": "  "}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        city.post(url, {"reason": "企业名称与营业执照不一致"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert (
        mail.outbox[-1].to == ["contact@minhou.example.invalid"] and "企业名称与营业执照不一致" in mail.outbox[-1].body
    )


def test_forgot_password_answers_the_same_for_any_address(client, world, django_capture_on_commit_callbacks):
    known = User.objects.create_user("fz.nopass", email="nopass@fz.example.invalid", role=Role.CITY, city=world.fuzhou)
    assert not known.has_usable_password()  # e.g. the first email was lost: reset reaches it too
    url = reverse("password_reset")
    unknown = client.post(url, {"email": "nobody@example.invalid"})
    found = client.post(url, {"email": "NOPASS@fz.example.invalid"})
    assert unknown.status_code == found.status_code == 302 and unknown["Location"] == found["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nopass@fz.example.invalid"]
    set_password_through(client, mail.outbox[0])
    known.refresh_from_db()
    assert known.has_usable_password()


def test_login_page_links_to_forgot_password_and_the_application(client, db):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page and reverse("registry:account-apply") in page


def test_disabling_an_account_already_disabled_says_so(client_for, world):
    target = world.user("enterprise_b")
    services.account_set_active(actor=None, account=target, active=False)
    response = client_for("province").get(reverse("registry:account-disable", kwargs={"pk": target.pk}), follow=True)
    assert "已是停用状态" in response.content.decode()
