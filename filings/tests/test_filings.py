"""Filing, submitting, accepting and returning: versions, lateness, attachments and who may do what."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from filings.models import FilingAttachment, FilingStatus
from filings.services import (
    filing_accept,
    filing_attach,
    filing_detach,
    filing_return,
    filing_save_draft,
    filing_submit,
)
from registry.services.stored_files import stored_files_check

from .factories import annual_report, city_report, office, pdf

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def at(day: int, month: int = 4, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def test_a_late_submission_is_marked_late_by_whole_local_days(world):
    """Due 2026-04-15; submitted at 00:30 on the 18th Beijing time (still the 17th in UTC): 3 days late."""
    report = city_report(world)
    filing_save_draft(filing=report, narrative="一季度共新增首席质量官2名。", actor=world.user("city_a"))
    version = filing_submit(filing=report, actor=world.user("city_a"), now=at(18, hour=0).replace(minute=30))
    report.refresh_from_db()
    assert (version.number, version.days_late, version.narrative) == (1, 3, "一季度共新增首席质量官2名。")
    assert report.status == FilingStatus.SUBMITTED
    assert report.days_late == 3
    assert set(report.figures) >= {"enterprises_with_post", "appointments_current", "findings_lifted"}


def test_on_time_is_zero_days_late(world):
    report = city_report(world)
    filing_submit(filing=report, actor=world.user("city_a"), now=at(15, hour=23))
    report.refresh_from_db()
    assert report.days_late == 0


def test_resubmission_keeps_every_version_and_the_first_lateness(world):
    """Returned and resubmitted: two versions, each as it was; timeliness stays that of the first submission."""
    report = city_report(world)
    city, province = world.user("city_a"), world.user("province")
    filing_save_draft(filing=report, narrative="第一稿", actor=city)
    filing_submit(filing=report, actor=city, now=at(14))
    filing_return(filing=report, reason="请补充培训人数的说明。", actor=province)
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (FilingStatus.RETURNED, "请补充培训人数的说明。")
    filing_save_draft(filing=report, narrative="第二稿，已补充说明。", actor=city)
    filing_submit(filing=report, actor=city, now=at(20))
    report.refresh_from_db()
    first, second = report.versions.order_by("number")
    assert (first.narrative, first.decision, first.return_reason) == ("第一稿", "returned", "请补充培训人数的说明。")
    assert (second.narrative, second.decision, second.days_late) == ("第二稿，已补充说明。", "", 5)
    assert (report.version_count, report.days_late, report.status) == (2, 0, FilingStatus.SUBMITTED)
    assert report.first_submitted_at == at(14)
    assert report.return_reason == ""


def test_a_return_needs_a_reason_of_at_most_500_characters(world):
    report = city_report(world)
    filing_submit(filing=report, actor=world.user("city_a"))
    for reason in ("", "   ", "退" * 501):
        with pytest.raises(ValidationError) as refused:
            filing_return(filing=report, reason=reason, actor=world.user("province"))
        assert "reason" in refused.value.message_dict
    report.refresh_from_db()
    assert report.status == FilingStatus.SUBMITTED


def test_only_a_submitted_filing_is_accepted_or_returned(world):
    report = city_report(world)
    province = world.user("province")
    with pytest.raises(ValidationError):
        filing_accept(filing=report, actor=province)
    filing_submit(filing=report, actor=world.user("city_a"))
    filing_accept(filing=report, actor=province)
    report.refresh_from_db()
    assert report.status == FilingStatus.ACCEPTED
    assert report.versions.get().decision == "accepted"
    with pytest.raises(ValidationError):
        filing_return(filing=report, reason="再看看", actor=province)
    with pytest.raises(ValidationError):
        filing_submit(filing=report, actor=world.user("city_a"))  # accepted is final
    with pytest.raises(ValidationError):
        filing_save_draft(filing=report, narrative="改", actor=world.user("city_a"))


def test_submitting_twice_makes_one_version(world):
    report = city_report(world)
    filing_submit(filing=report, actor=world.user("city_a"))
    with pytest.raises(ValidationError):
        filing_submit(filing=report, actor=world.user("city_a"))
    assert report.versions.count() == 1


@pytest.mark.parametrize("principal", ["city_b", "province", "institution_a", "enterprise_a"])
def test_only_the_unit_files_its_report(world, principal):
    report = city_report(world)
    with pytest.raises(PermissionDenied):
        filing_submit(filing=report, actor=world.user(principal))
    with pytest.raises(PermissionDenied):
        filing_save_draft(filing=report, narrative="x", actor=world.user(principal))


@pytest.mark.parametrize("principal", ["city_a", "institution_b", "province"])
def test_only_the_institution_files_its_annual_report(world, principal):
    report = annual_report(world)
    with pytest.raises(PermissionDenied):
        filing_submit(filing=report, actor=world.user(principal))
    filing_submit(filing=report, actor=world.user("institution_a"))


@pytest.mark.parametrize("principal", ["city_a", "institution_a"])
def test_only_the_province_decides(world, principal):
    report = city_report(world)
    filing_submit(filing=report, actor=world.user("city_a"))
    with pytest.raises(PermissionDenied):
        filing_accept(filing=report, actor=world.user(principal))
    with pytest.raises(PermissionDenied):
        filing_return(filing=report, reason="不行", actor=world.user(principal))
    with pytest.raises(PermissionDenied):
        filing_return(filing=report, reason="", actor=world.user(principal))  # refused before the reason is read


def test_a_draft_narrative_has_a_limit_named_on_its_field(world):
    with pytest.raises(ValidationError) as refused:
        filing_save_draft(filing=city_report(world), narrative="字" * 10001, actor=world.user("city_a"))
    assert "narrative" in refused.value.message_dict


def test_attachments_go_with_the_version_that_carried_them(world, tmp_path):
    """A file taken out after a submission stays in version 1; one never submitted is deleted with its file."""
    report = city_report(world)
    city = world.user("city_a")
    kept = filing_attach(filing=report, upload=pdf(), actor=city)
    sheet = filing_attach(filing=report, upload=office(), actor=city)
    filing_submit(filing=report, actor=city)
    filing_return(filing=report, reason="附件不全", actor=world.user("province"))
    filing_detach(attachment=kept, actor=city)
    later = filing_attach(filing=report, upload=office("说明.docx", "word/"), actor=city)
    filing_detach(attachment=later, actor=city)
    filing_submit(filing=report, actor=city)
    first, second = report.versions.order_by("number")
    assert set(first.attachments.all()) == {kept, sheet}
    assert set(second.attachments.all()) == {sheet}
    assert FilingAttachment.objects.filter(pk=kept.pk, in_draft=False).exists()
    assert not FilingAttachment.objects.filter(pk=later.pk).exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("报告.pdf", b"just text, not a PDF"),
        SimpleUploadedFile("表.xlsx", b"PK\x03\x04 broken zip"),
        SimpleUploadedFile("empty.pdf", b""),
    ],
)
def test_an_attachment_must_be_what_it_says(world, upload):
    with pytest.raises(ValidationError) as refused:
        filing_attach(filing=city_report(world), upload=upload, actor=world.user("city_a"))
    assert "upload" in refused.value.message_dict


def test_a_word_file_renamed_as_a_workbook_is_refused(world):
    with pytest.raises(ValidationError):
        filing_attach(filing=city_report(world), upload=office("表.xlsx", "word/"), actor=world.user("city_a"))


def test_an_attachment_over_the_size_limit_is_refused(world, settings):
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        filing_attach(filing=city_report(world), upload=pdf(), actor=world.user("city_a"))
    assert "MB" in refused.value.message_dict["upload"][0]


def test_orphaned_files_knows_the_attachments(world, django_capture_on_commit_callbacks):
    """`manage.py orphaned_files` counts a stored attachment as named and a stray file in filings/ as an orphan."""
    with django_capture_on_commit_callbacks(execute=True):
        attachment = filing_attach(filing=city_report(world), upload=pdf(), actor=world.user("city_a"))
    stray = default_storage.save("filings/999/stray.pdf", ContentFile(b"%PDF-1.4"))
    check = stored_files_check()
    assert stray in check.without_row
    assert attachment.file.name not in check.without_row
    assert attachment.file.name not in check.missing
