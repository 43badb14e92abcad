"""Uploaded letters and evidence reach storage only when their row commits: a refused or rolled-back write
leaves no file behind, a successful one exactly one (transactional tests, so commits really happen)."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from registry import services
from registry.models import Appointment, Finding

from .appointment_fixtures import fields, letter
from .matrix_findings import PDF

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def record_finding(world):
    return services.finding_record(
        person=world.lin_fang,
        actor=world.user("city_a"),
        item=2,
        decided_on=datetime.date(2025, 3, 1),
        evidence=SimpleUploadedFile("决定书.pdf", PDF),
    )


def test_a_submitted_appointment_keeps_exactly_its_letter(world, media):
    appointment = services.appointment_submit(**fields(world))
    assert files_in(media) == [Appointment.objects.get(pk=appointment.pk).letter.name]
    assert (media / appointment.letter.name).read_bytes().startswith(b"%PDF-")


def test_an_appointment_refused_after_its_letter_was_attached_leaves_no_file(world, media):
    """chen_jie holds no certificate: the filing is refused as ineligible, and neither row nor letter stays."""
    with pytest.raises(ValidationError):
        services.appointment_submit(
            **fields(world, enterprise=world.bolt, person=world.chen_jie, actor=world.user("enterprise_b"))
        )
    assert not Appointment.objects.exists()
    assert files_in(media) == []


def test_a_failure_after_the_save_leaves_no_file(world, media, monkeypatch):
    """The bureau's notice fails after the filing was saved: the whole write rolls back, its letter with it."""

    def broken_notify(**kwargs):
        raise RuntimeError("mail queue down")

    monkeypatch.setattr("registry.services.appointments.notify", broken_notify)
    with pytest.raises(RuntimeError):
        services.appointment_submit(**fields(world))
    assert not Appointment.objects.exists()
    assert files_in(media) == []


def test_an_outer_transaction_rolled_back_after_the_service_leaves_no_file(world, media):
    """A caller's transaction that rolls back after finding_record returned takes the evidence with it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        record_finding(world)
        raise RuntimeError("the caller gives up")
    assert not Finding.objects.exists()
    assert files_in(media) == []
    finding = record_finding(world)
    assert files_in(media) == [Finding.objects.get(pk=finding.pk).evidence.name]


def test_orphaned_files_lists_files_without_rows_and_rows_without_files_and_deletes_the_first(world, media):
    """Operators find what refused writes left on disk before the fix, and rows whose file went missing."""
    kept = record_finding(world)
    lost = record_finding(world)
    (media / lost.evidence.name).unlink()
    stray = media / "appointments" / "2025" / "1-stray.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(PDF)

    out = StringIO()
    call_command("orphaned_files", stdout=out)
    lines = out.getvalue().splitlines()
    assert "无对应记录的文件：appointments/2025/1-stray.pdf" in lines
    assert f"记录所指文件缺失：{lost.evidence.name}" in lines
    assert json.loads(lines[-1]) == {"without_row": 1, "missing": 1, "deleted": 0}
    assert stray.exists()

    call_command("orphaned_files", "--delete", stdout=StringIO())
    assert not stray.exists() and (media / kept.evidence.name).exists()


def test_a_replaced_letter_is_kept_for_the_history_and_not_an_orphan(world, media):
    """The bureau returned a letter; the corrected one replaces it on the row, the old one stays for the history and
    orphaned_files --delete leaves it; a deleted draft's letters leave with it."""
    appointment = services.appointment_submit(**fields(world))
    services.appointment_return(appointment=appointment, actor=world.user("city_a"), reason="聘任文件未加盖公章")
    old = Appointment.objects.get(pk=appointment.pk).letter.name
    services.appointment_edit(
        appointment=appointment,
        actor=world.user("enterprise_a"),
        appointed_by="郑建国",
        appointed_on=datetime.date(2025, 1, 2),
        decision_level=True,
        allowance=False,
        allowance_amount=None,
        duties=["qms"],
        letter=letter("盖章.pdf"),
    )
    new = Appointment.objects.get(pk=appointment.pk).letter.name
    assert new != old and files_in(media) == sorted([old, new])
    assert services.stored_files.stored_files_check().without_row == []
    call_command("orphaned_files", "--delete", stdout=StringIO())
    assert files_in(media) == sorted([old, new])

    draft = services.appointment_draft(
        **fields(world, enterprise=world.bolt, person=world.chen_jie, actor=world.user("enterprise_b"))
    )
    assert len(files_in(media)) == 3
    services.appointment_delete(appointment=draft, actor=world.user("enterprise_b"))
    assert files_in(media) == sorted([old, new])
