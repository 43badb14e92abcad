"""The filing pages as the bureaux and institutions use them: forms, confirmations, errors named on their fields,
scope, and odd input that must never give a 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from filings.models import Filing, FilingKind, FilingSchedule, FilingStatus
from filings.services import filing_attach, filing_return, filing_submit, schedules_by_kind
from registry.models import Notice

from .factories import annual_report, city_report, ensure, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(name, **kwargs):
    return reverse(f"filings:{name}", kwargs=kwargs)


def test_a_city_bureau_lists_only_its_own_reports(world, client_for):
    ensure()
    page = client_for("city_a").get(url("filing-list"))
    assert page.status_code == 200
    rows = list(page.context["object_list"])
    assert rows and {f.city_id for f in rows} == {world.fuzhou.pk}
    assert "厦门市" not in page.content.decode()


def test_the_list_makes_this_periods_rows_when_the_sweep_has_not_run(world, client_for):
    """A bureau opening the list on a fresh database finds this quarter's report there."""
    assert not Filing.objects.exists()
    client_for("city_a").get(url("filing-list"))
    assert Filing.objects.filter(kind=FilingKind.CITY_REPORT, city=world.fuzhou).exists()


def test_the_province_filters_and_exports(world, client_for):
    ensure()
    client = client_for("province")
    page = client.get(url("filing-list"), {"city": world.xiamen.pk, "kind": "city_report", "year": "2025"})
    assert {f.city_id for f in page.context["object_list"]} == {world.xiamen.pk}
    assert {f.period_start.year for f in page.context["object_list"]} == {2025}
    export = client.get(url("filing-list"), {"export": "csv", "q": "福州市"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("报备类型,报备单位/培训机构,期间")
    assert "福州市" in body and "厦门市" not in body
    workbook = client.get(url("filing-list"), {"export": "xlsx", "status": "draft"})
    assert workbook.status_code == 200
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    schedules = client.get(url("schedule-list"), {"export": "csv"})
    assert "实施情况报告" in b"".join(schedules.streaming_content).decode("utf-8-sig")


def test_an_overdue_report_shows_the_late_badge(world, client_for):
    ensure()
    page = client_for("city_a").get(url("filing-list"), {"year": "2025"})
    assert "逾期" in page.content.decode()
    assert "已逾期" in page.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"status": "bogus", "kind": "x"},
        {"sort": "-nonsense"},
        {"q": "福" * 5000},
        {"late": "maybe"},
        {"city": "not-a-number"},
        {"page": "999"},
    ],
)
def test_odd_list_queries_never_fail(world, client_for, query):
    ensure()
    assert client_for("province").get(url("filing-list"), query).status_code in (200, 404)


def test_the_list_reads_a_fixed_number_of_queries(world, client_for):
    """This quarter's rows alone, then six years of them: the same number of queries for a page."""
    today = timezone.localdate()
    schedules_by_kind()  # made if a transactional test flushed migration 0002's rows
    FilingSchedule.objects.update(starts_on=today)
    ensure(today)
    client = client_for("province")
    with CaptureQueriesContext(connection) as few:
        client.get(url("filing-list"))
    FilingSchedule.objects.update(starts_on=datetime.date(today.year - 6, 1, 1))
    ensure(today)
    with CaptureQueriesContext(connection) as many:
        client.get(url("filing-list"))
    assert Filing.objects.count() > 200
    assert len(many) == len(few)


def test_a_bureau_writes_attaches_and_submits_its_report(world, client_for, django_capture_on_commit_callbacks):
    report = city_report(world)
    client = client_for("city_a")
    edit = client.get(url("filing-edit", pk=report.pk))
    assert "已登记企业" in edit.content.decode()  # the figures are there before anything is typed
    saved = client.post(url("filing-edit", pk=report.pk), {"narrative": "一季度工作正常开展。", "save": "1"})
    assert saved.status_code == 302
    # (The file itself reaches storage when the request's transaction commits; the download is tested below.)
    client.post(url("filing-edit", pk=report.pk), {"upload": pdf("情况说明.pdf"), "attach": "1"})
    assert report.attachments.get().name == "情况说明.pdf"
    confirm = client.get(url("filing-submit", pk=report.pk))
    assert "确认提交" in confirm.content.decode()
    assert report.versions.count() == 0  # the confirmation page files nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url("filing-submit", pk=report.pk), {"confirm": "1"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.narrative, report.version_count) == (
        FilingStatus.SUBMITTED,
        "一季度工作正常开展。",
        1,
    )
    notice = Notice.objects.get(recipient_province=True)
    assert notice.link == url("filing-detail", pk=report.pk)
    assert "福州市" in notice.text


def test_those_who_see_a_filing_download_its_files(world, client_for, django_capture_on_commit_callbacks):
    report = city_report(world)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = filing_attach(filing=report, upload=pdf("情况说明.pdf"), actor=world.user("city_a"))
    for principal in ("province", "city_a"):
        download = client_for(principal).get(url("filing-attachment", pk=report.pk, att_pk=attachment.pk))
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
        assert "attachment" in download["Content-Disposition"]


def test_a_file_that_is_not_what_it_says_is_refused_on_the_upload_field(world, client_for):
    report = city_report(world)
    page = client_for("city_a").post(
        url("filing-edit", pk=report.pk), {"upload": SimpleUploadedFile("报告.pdf", b"plain text"), "attach": "1"}
    )
    assert page.status_code == 200
    assert "upload" in page.context["attach_form"].errors
    assert not report.attachments.exists()


def test_taking_a_file_out_asks_first(world, client_for, django_capture_on_commit_callbacks):
    report = city_report(world)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = filing_attach(filing=report, upload=pdf(), actor=world.user("city_a"))
    client = client_for("city_a")
    asked = client.post(url("filing-edit", pk=report.pk), {"detach": attachment.pk})
    assert "确认删除" in asked.content.decode()
    assert report.attachments.exists()
    client.post(url("filing-edit", pk=report.pk), {"detach": attachment.pk, "confirm": "1"})
    assert not report.attachments.exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "", "-1"])
def test_an_odd_attachment_to_take_out_never_fails(world, client_for, value):
    report = city_report(world)
    response = client_for("city_a").post(url("filing-edit", pk=report.pk), {"detach": value, "confirm": "1"})
    assert response.status_code == 302


def test_a_late_report_says_how_late(world, client_for):
    report = city_report(world)
    filing_submit(filing=report, actor=world.user("city_a"))  # today is long after 2026-04-15
    page = client_for("province").get(url("filing-detail", pk=report.pk))
    report.refresh_from_db()
    assert f"逾期{report.days_late}天提交" in page.content.decode()
    assert report.days_late > 0


def test_the_province_returns_with_a_reason_named_on_its_field(world, client_for, django_capture_on_commit_callbacks):
    report = city_report(world)
    filing_submit(filing=report, actor=world.user("city_a"))
    client = client_for("province")
    empty = client.post(url("filing-return", pk=report.pk), {"reason": " "})
    assert empty.status_code == 200 and "reason" in empty.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("filing-return", pk=report.pk), {"reason": "请补充培训人数。"})
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (FilingStatus.RETURNED, "请补充培训人数。")
    assert "请补充培训人数" in Notice.objects.get(recipient_city=world.fuzhou).text
    page = client_for("city_a").get(url("filing-detail", pk=report.pk))
    assert "请补充培训人数。" in page.content.decode()
    assert 'data-testid="filing-submit"' in page.content.decode()  # the bureau may submit again


def test_acceptance_is_confirmed_first_and_final(world, client_for, django_capture_on_commit_callbacks):
    report = annual_report(world)
    filing_submit(filing=report, actor=world.user("institution_a"))
    client = client_for("province")
    assert "确认通过" in client.get(url("filing-accept", pk=report.pk)).content.decode()
    report.refresh_from_db()
    assert report.status == FilingStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("filing-accept", pk=report.pk), {"confirm": "1"})
    report.refresh_from_db()
    assert report.status == FilingStatus.ACCEPTED
    assert Notice.objects.filter(recipient_institution=world.academy).exists()
    # Accepted: the filer's edit page sends it back to the filing, and no submit button is offered.
    institution = client_for("institution_a")
    assert institution.get(url("filing-edit", pk=report.pk)).status_code == 302
    assert 'data-testid="filing-submit"' not in institution.get(url("filing-detail", pk=report.pk)).content.decode()


def test_every_version_is_kept_and_shown(world, client_for):
    report = city_report(world)
    city = world.user("city_a")
    filing_submit(filing=report, actor=city)
    filing_return(filing=report, reason="数据有误", actor=world.user("province"))
    filing_submit(filing=report, actor=city)
    client = client_for("province")
    page = client.get(url("filing-detail", pk=report.pk)).content.decode()
    assert "第1版" in page and "第2版" in page and "数据有误" in page
    first = client.get(url("filing-version", pk=report.pk, number=1))
    assert "已退回" in first.content.decode()
    assert client.get(url("filing-version", pk=report.pk, number=9)).status_code == 404


def test_another_units_attachment_is_not_found(world, client_for, django_capture_on_commit_callbacks):
    fuzhou, xiamen = city_report(world), city_report(world, world.xiamen)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = filing_attach(filing=fuzhou, upload=pdf(), actor=world.user("city_a"))
    client = client_for("city_b")
    # Xiamen's own filing's URL with Fuzhou's attachment id: still 404.
    assert client.get(url("filing-attachment", pk=xiamen.pk, att_pk=attachment.pk)).status_code == 404


def test_a_schedule_change_names_the_field_at_fault(world, client_for):
    schedule = schedules_by_kind()[FilingKind.CITY_REPORT]
    client = client_for("province")
    data = {
        "frequency": "per_cohort",
        "due_days": "15",
        "reminder_days": "-7，-1, 一",
        "tell_province_from_day": "7",
        "starts_on": "2025-01-01",
    }
    page = client.post(url("schedule-edit", pk=schedule.pk), data)
    assert page.status_code == 200
    assert "reminder_days" in page.context["form"].errors
    page = client.post(url("schedule-edit", pk=schedule.pk), {**data, "reminder_days": "7, -7, -1"})
    assert "frequency" in page.context["form"].errors
    done = client.post(
        url("schedule-edit", pk=schedule.pk), {**data, "frequency": "quarterly", "reminder_days": "7，-7、-1 1"}
    )
    assert done.status_code == 302
    schedule.refresh_from_db()
    assert schedule.reminder_days == [-7, -1, 1, 7]
    history = client.get(url("schedule-edit", pk=schedule.pk))
    assert "张省局" in history.content.decode() or "zhang.province" in history.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"due_days": "-1"},
        {"due_days": "100000"},
        {"reminder_days": "1, 1"},
        {"reminder_days": "9999"},
        {"reminder_days": ",".join(["1"] * 50)},
        {"tell_province_from_day": "abc"},
        {"tell_province_from_day": "99999"},
        {"starts_on": "2025-02-30"},
        {"frequency": "weekly"},
    ],
)
def test_odd_schedule_input_is_refused_never_a_500(world, client_for, changes):
    schedule = schedules_by_kind()[FilingKind.CITY_REPORT]
    data = {
        "frequency": "quarterly",
        "due_days": "15",
        "reminder_days": "-7, -1, 1, 7",
        "tell_province_from_day": "7",
        "starts_on": "2025-01-01",
        **changes,
    }
    page = client_for("province").post(url("schedule-edit", pk=schedule.pk), data)
    assert page.status_code == 200
    assert set(page.context["form"].errors) & set(changes)
