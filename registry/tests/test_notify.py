"""registry.notify: notices reach the portal and inboxes only after the write commits."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from registry import services
from registry.models import Notice, Role, User
from registry.notify import notify
from registry.selectors import home_summary
from registry.tests.appointment_fixtures import acknowledged, fields, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def inboxes(world, settings, mailoutbox):
    """Email addresses on the Fuzhou bureau and Acme accounts, plus accounts that must get no email."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for principal, address in [("city_a", "city@fuzhou.example"), ("enterprise_a", "cqo@acme.example")]:
        user = world.users[principal]
        user.email = address
        user.save(update_fields=["email"])
    # Same bureau, but no address / not active; another bureau with an address.
    User.objects.create_user("no.mail", role=Role.CITY, city=world.fuzhou)
    User.objects.create_user("gone", role=Role.CITY, city=world.fuzhou, email="gone@fuzhou.example", is_active=False)
    xiamen = world.users["city_b"]
    xiamen.email = "city@xiamen.example"
    xiamen.save(update_fields=["email"])
    return mailoutbox


def _recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def test_a_rolled_back_write_notifies_nobody(world, inboxes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.appointment_submit(**fields(world))
            raise RuntimeError("something later in the same write failed")
    assert callbacks == []
    assert not Notice.objects.exists()
    assert inboxes == []


def test_nothing_is_sent_before_commit(world, inboxes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.appointment_submit(**fields(world))
        assert not Notice.objects.exists() and inboxes == []
    assert len(callbacks) == 2  # the notice, and the letter waiting for the commit to be stored


def test_submitting_tells_the_city_bureau_in_the_portal_and_by_email(
    world, inboxes, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.appointment_submit(**fields(world))
    notice = Notice.objects.get()
    assert notice.recipient_city == world.fuzhou
    assert notice.text == "榕城精密机械有限公司提交了首席质量官林芳的聘任备案，请审核。"
    assert notice.link == reverse("registry:appointment-detail", kwargs={"pk": appointment.pk})
    assert notice.text in [item.text for item in home_summary(world.users["city_a"]).todo]
    assert notice.text not in [item.text for item in home_summary(world.users["city_b"]).todo]

    # Only active Fuzhou accounts with an address; one message each.
    assert _recipients(inboxes) == ["city@fuzhou.example"]
    assert notice.text in inboxes[0].body and notice.link in inboxes[0].body

    # The link opens the appointment for the bureau that was told.
    page = client_for("city_a").get(notice.link)
    assert page.status_code == 200
    assert "林芳" in page.content.decode()


def test_a_finding_that_changes_the_verdict_tells_the_city_and_the_enterprise(
    world, inboxes, client_for, django_capture_on_commit_callbacks
):
    appointment = acknowledged(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.finding_record(
            person=world.lin_fang,
            actor=world.users["province"],
            item=3,
            decided_on=datetime.date(2025, 3, 1),
            evidence=SimpleUploadedFile("e.pdf", pdf_bytes()),
        )
    link = reverse("registry:appointment-detail", kwargs={"pk": appointment.pk})
    city_notice = Notice.objects.get(recipient_city=world.fuzhou)
    acme_notice = Notice.objects.get(recipient_enterprise=world.acme)
    assert city_notice.text == acme_notice.text and "不符合任职条件" in acme_notice.text
    assert city_notice.link == acme_notice.link == link
    assert _recipients(inboxes) == ["city@fuzhou.example", "cqo@acme.example"]

    # The enterprise sees its notice on its home page; the other enterprise does not.
    assert acme_notice.text in [item.text for item in home_summary(world.users["enterprise_a"]).todo]
    assert acme_notice.text not in [item.text for item in home_summary(world.users["enterprise_b"]).todo]
    assert list(Notice.objects.visible_to(world.users["enterprise_b"])) == []
    for principal in ("city_a", "enterprise_a"):
        assert client_for(principal).get(link).status_code == 200

    # The enterprise can mark its own notice read; the other enterprise cannot.
    with pytest.raises(PermissionDenied):
        services.notice_mark_read(notice=acme_notice, actor=world.users["enterprise_b"])
    services.notice_mark_read(notice=acme_notice, actor=world.users["enterprise_a"])
    acme_notice.refresh_from_db()
    assert acme_notice.read_at is not None


def test_a_failing_email_keeps_the_write_and_the_notice(
    world, inboxes, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("registry.notify.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.appointment_submit(**fields(world))
    appointment.refresh_from_db()
    assert appointment.status == "submitted"
    assert Notice.objects.filter(recipient_city=world.fuzhou).count() == 1
    assert "city@fuzhou.example" in caplog.text


def test_notify_needs_a_recipient():
    with pytest.raises(ValueError):
        notify(text="无人接收")


def test_a_notice_to_one_user(world, inboxes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.users["enterprise_a"], text="单独通知", link_name="home")
    notice = Notice.objects.get()
    assert notice.recipient_user == world.users["enterprise_a"] and notice.link == reverse("home")
    assert _recipients(inboxes) == ["cqo@acme.example"]
