"""The notifications page: each user's own notices, the unread count in the navigation, and marking all read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from registry.models import Notice
from registry.notify import notify

pytestmark = pytest.mark.django_db

NOTICES = reverse("registry:notice-list")


@pytest.fixture
def notices(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(text="福州市2026年第1季度实施情况报告距截止还有7天", city=world.fuzhou)
        notify(text="厦门市的报告已逾期", city=world.xiamen)
        notify(text="学院年度工作报告待提交", institution=world.academy)
        notify(text="福州市报告逾期7天未提交", province=True)
        notify(text="给林福州本人的通知", user=world.users["city_a"])


def test_the_page_lists_only_the_users_own_notices_newest_first(world, notices, client_for):
    page = client_for("city_a").get(NOTICES)
    texts = [n.text for n in page.context["object_list"]]
    assert texts == ["给林福州本人的通知", "福州市2026年第1季度实施情况报告距截止还有7天"]
    assert client_for("institution_a").get(NOTICES).context["object_list"][0].text == "学院年度工作报告待提交"
    assert [n.text for n in client_for("province").get(NOTICES).context["object_list"]] == ["福州市报告逾期7天未提交"]
    assert list(client_for("enterprise_b").get(NOTICES).context["object_list"]) == []


def test_the_navigation_shows_the_unread_count_and_it_drops_when_read(world, notices, client_for):
    client = client_for("city_a")
    body = client.get(reverse("home")).content.decode()
    assert 'data-testid="nav-unread">2</span>' in body
    first = Notice.objects.get(text="给林福州本人的通知")
    client.post(reverse("registry:notice-read", args=[first.pk]), {"next": NOTICES})
    body = client.get(NOTICES).content.decode()
    assert 'data-testid="nav-unread">1</span>' in body
    assert body.count('data-unread="1"') == 1


def test_mark_all_read_reads_the_users_notices_and_no_one_elses(world, notices, client_for):
    client = client_for("city_a")
    response = client.post(reverse("registry:notice-read-all"), {"next": f"{NOTICES}?state=unread"})
    assert response.status_code == 302 and response["Location"] == f"{NOTICES}?state=unread"
    assert not Notice.objects.visible_to(world.users["city_a"]).unread().exists()
    assert Notice.objects.unread().count() == 3  # Xiamen's, the academy's, the province's stay unread
    body = client.get(response["Location"]).content.decode()
    assert "nav-unread" not in body and "没有符合条件的通知" in body and "全部标为已读" not in body


def test_a_next_address_off_the_site_is_not_followed(world, notices, client_for):
    response = client_for("city_a").post(reverse("registry:notice-read-all"), {"next": "https://evil.example/"})
    assert response["Location"] == NOTICES


def test_filters_search_and_export(world, notices, client_for):
    client = client_for("city_a")
    Notice.objects.filter(text="给林福州本人的通知").update(read_at="2026-04-08T10:00:00+08:00")
    unread = client.get(NOTICES, {"state": "unread"}).context["object_list"]
    assert [n.text for n in unread] == ["福州市2026年第1季度实施情况报告距截止还有7天"]
    assert [n.text for n in client.get(NOTICES, {"q": "本人"}).context["object_list"]] == ["给林福州本人的通知"]
    export = client.get(NOTICES, {"export": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "给林福州本人的通知" in text and "已读" in text and "厦门" not in text


def test_the_page_costs_the_same_queries_with_many_notices(world, client_for, django_assert_max_num_queries):
    client = client_for("city_a")
    Notice.objects.bulk_create([Notice(recipient_city=world.fuzhou, text=f"通知{i}") for i in range(3)])
    with django_assert_max_num_queries(50) as few:
        client.get(NOTICES)
    Notice.objects.bulk_create([Notice(recipient_city=world.fuzhou, text=f"通知{i}") for i in range(60)])
    with django_assert_max_num_queries(len(few)):
        client.get(NOTICES)


def test_notify_reaches_an_institution_and_the_province(
    world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.users["institution_a"].email = "office@academy.example"
    world.users["institution_a"].save(update_fields=["email"])
    world.users["province"].email = "staff@province.example"
    world.users["province"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(text="学院请提交班次备案", institution=world.academy, province=True)
    assert Notice.objects.filter(recipient_institution=world.academy).count() == 1
    assert Notice.objects.filter(recipient_province=True).count() == 1
    to = sorted(address for message in mailoutbox for address in message.to)
    assert to == ["admin@example.invalid", "office@academy.example", "staff@province.example"]
    assert world.users["institution_b"] not in [n.recipient_user for n in Notice.objects.all()]
    assert not Notice.objects.visible_to(world.users["institution_b"]).exists()


def test_the_badge_counts_at_most_99(world, client_for):
    Notice.objects.bulk_create([Notice(recipient_city=world.fuzhou, text=f"通知{i}") for i in range(120)])
    assert 'data-testid="nav-unread">99+</span>' in client_for("city_a").get(NOTICES).content.decode()


def test_the_badge_follows_a_clerk_moved_to_another_bureau(world, notices, client_for):
    """The count's SQL is built once per user and organisation (context_processors._unread_count_sql): a clerk moved
    from Fuzhou to Xiamen counts Xiamen's notices on the next page, not Fuzhou's."""
    clerk = world.users["city_a"]
    client = client_for("city_a")
    assert 'data-testid="nav-unread">2</span>' in client.get(NOTICES).content.decode()
    Notice.objects.create(recipient_city=world.xiamen, text="厦门市第二条通知")
    clerk.city = world.xiamen
    clerk.save(update_fields=["city"])
    body = client.get(NOTICES).content.decode()
    assert 'data-testid="nav-unread">3</span>' in body  # Xiamen's two, and the one to the clerk by name
