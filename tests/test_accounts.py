"""Accounts: one role bound to one organisation, each role's home page, and slowed password guessing."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from cqo_portal.testing.world import PASSWORD
from registry.models import Enterprise, Role, User
from registry.permissions import sees_province_wide
from training.models import Institution

pytestmark = pytest.mark.django_db


def test_role_must_match_its_organisation(world):
    """A city-bureau account with no reporting unit, or with an enterprise too, is refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("no.city", password="x", role=Role.CITY)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("two.hats", password="x", role=Role.CITY, city=world.fuzhou, enterprise=world.acme)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("prov.bound", password="x", role=Role.PROVINCE, city=world.fuzhou)


def test_superuser_defaults_to_provincial_role(db):
    admin = User.objects.create_superuser("boss", "b@example.invalid", "x")
    assert admin.role == Role.PROVINCE and sees_province_wide(admin)


@pytest.mark.parametrize(
    "principal, heading",
    [
        ("province", "省局工作台"),
        ("city_a", "福州市工作台"),
        ("institution_a", "闽江质量学院培训部工作台"),
        ("enterprise_a", "榕城精密机械有限公司工作台"),
    ],
)
def test_each_role_lands_on_its_own_home_page(client, world, principal, heading):
    """Signing in with the form takes each role to a home page headed with its own organisation."""
    user = world.user(principal)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert heading in response.content.decode()


def test_home_page_figures_are_scoped(client_for, world):
    """The city bureau's figure counts only its own enterprises."""
    Enterprise.objects.create(credit_code="91350100M000100Y43", name="另一家福州企业", city=world.fuzhou)
    page = client_for("city_a").get(reverse("home")).content.decode()
    assert "本地企业" in page
    assert ">2<" in page.replace(" ", "")


def test_navigation_shows_only_what_the_role_may_open(client_for):
    province_page = client_for("province").get(reverse("home")).content.decode()
    enterprise_page = client_for("enterprise_a").get(reverse("home")).content.decode()
    assert f'href="{reverse("training:institution-list")}"' in province_page
    assert f'href="{reverse("registry:enterprise-list")}"' not in enterprise_page
    assert f'href="{reverse("training:institution-list")}"' not in enterprise_page
    assert f'href="{reverse("registry:my-enterprise")}"' in enterprise_page


def test_repeated_failed_logins_lock_the_account(client, world, settings):
    """After the failure limit even the right password is refused, with a page saying why."""
    settings.AXES_FAILURE_LIMIT = 3
    username = world.user("city_a").username
    for _ in range(2):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
        assert "用户名或密码不正确" in response.content.decode()
    assert client.post(reverse("login"), {"username": username, "password": "wrong"}).status_code == 429
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_clears_earlier_failures(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    username = world.user("city_b").username
    for _ in range(2):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302


def test_password_change_requires_the_old_password(client_for, world):
    client = client_for("enterprise_a")
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "Xq9-cqo-new-pass", "new_password2": "Xq9-cqo-new-pass"},
    )
    assert response.status_code == 200
    world.user("enterprise_a").refresh_from_db()
    assert world.user("enterprise_a").check_password(PASSWORD)


@pytest.mark.parametrize(
    "model, principal, visible",
    [
        (Enterprise, "province", {"acme", "bolt"}),
        (Enterprise, "city_a", {"acme"}),
        (Enterprise, "enterprise_b", {"bolt"}),
        (Enterprise, "institution_a", set()),
        (Institution, "province", {"academy", "college"}),
        (Institution, "institution_b", {"college"}),
        (Institution, "city_a", set()),
    ],
)
def test_visible_to(world, model, principal, visible):
    """Each role's queryset holds exactly the objects of its own scope."""
    expected = {getattr(world, name).pk for name in visible}
    assert set(model.objects.visible_to(world.user(principal)).values_list("pk", flat=True)) == expected


def test_enterprise_list_search_and_csv_export(client_for, world):
    """The province searches enterprises by name or code and exports the filtered set as CSV for Excel."""
    Enterprise.objects.create(credit_code="91350100M000100Y43", name='=HYPERLINK("x")公司', city=world.fuzhou)
    client = client_for("province")
    page = client.get(reverse("registry:enterprise-list"), {"q": "榕城"}).content.decode()
    assert "榕城精密机械有限公司" in page and "鹭岛电子科技有限公司" not in page
    response = client.get(reverse("registry:enterprise-list"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff统一社会信用代码,企业名称,报备单位")
    assert "'=HYPERLINK" in body  # formula neutralised
    assert len(body.strip().splitlines()) == 4


def test_enterprise_home_lists_what_it_still_has_to_do(client_for, world):
    """A new enterprise is told to complete its profile, establish the CQO post and register its CQO, with links."""
    page = client_for("enterprise_b").get(reverse("home")).content.decode()
    assert "尚未登记首席质量官" in page and reverse("registry:appointment-create") in page
    assert "设立首席质量官岗位" in page
    my = client_for("enterprise_b").get(reverse("registry:my-enterprise"))
    assert my.status_code == 302 and my["Location"] == reverse(
        "registry:enterprise-detail", kwargs={"pk": world.bolt.pk}
    )
