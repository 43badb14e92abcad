"""The browser's graduate import: upload, validation report, preview, confirmation of the validated plan, discard;
a file changed after validation and data changed since validation are refused, and the upload is deleted."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from registry.models import Person
from registry.services import person_register
from training.models import Graduate, GraduateImport, ImportStatus
from training.services import (
    graduate_import_confirm,
    graduate_import_discard,
    graduate_import_preview,
    graduate_import_progress,
    graduate_import_upload,
)
from training.services import graduates as service
from training.tests import graduate_files as gf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cohort(world):
    return gf.entrusted_cohort(world.academy)


def upload(
    world, cohort, data: bytes, name="graduates.csv", principal="institution_a", django_capture_on_commit_callbacks=None
):
    return graduate_import_upload(
        cohort=cohort, uploaded_file=SimpleUploadedFile(name, data), actor=world.user(principal)
    )


def uploaded(world, cohort, data, capture, name="graduates.csv") -> GraduateImport:
    with capture(execute=True):
        run = upload(world, cohort, data, name)
    run.refresh_from_db()
    return run


def test_upload_validate_preview_confirm(world, cohort, django_capture_on_commit_callbacks):
    gf_rows = gf.rows(5)
    run = uploaded(world, cohort, gf.csv_bytes(gf_rows[:2]), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        graduate_import_confirm(run=run, actor=world.user("institution_a"))
    # A second file: two rows as before, one changed, two new.
    gf_rows[1]["考核结果"] = "不合格"
    run = uploaded(world, cohort, gf.csv_bytes(gf_rows), django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.VALIDATED
    assert run.summary == {"created": 3, "updated": 1, "unchanged": 1}
    assert "resident_id" not in str(run.plan) and gf.resident_id(0) not in str(run.plan)
    preview = graduate_import_preview(run)
    assert [row["row"] for row in preview["created"]] == [4, 5, 6]
    assert preview["updated"][0]["changes"] == {"考核结果": ["合格", "不合格"]}
    assert preview["unchanged"] == 1
    assert graduate_import_progress(run)["percent"] == 100
    with django_capture_on_commit_callbacks(execute=True):
        graduate_import_confirm(run=run, actor=world.user("institution_a"))
    run.refresh_from_db()
    assert (run.status, run.summary, run.plan, bool(run.file)) == (
        ImportStatus.DONE,
        {"created": 3, "updated": 1, "unchanged": 1},
        None,
        False,
    )
    assert Graduate.objects.filter(cohort=cohort, import_run=run).count() == 4
    newcomer = Person.objects.get(name=gf.name(4))
    assert newcomer.history.get().history_user == world.user("institution_a")  # who brought them in


def test_a_file_with_errors_gets_the_report_and_its_upload_is_deleted(
    world, cohort, django_capture_on_commit_callbacks
):
    records = gf.rows(3)
    records[2]["学历"] = "大学"
    run = uploaded(world, cohort, gf.csv_bytes(records), django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.INVALID
    assert run.errors == [
        {
            "row": 4,
            "column": "学历",
            "message": "学历「大学」无法识别，应填：博士、硕士、本科、大专、中专、高中、初中及以下。",
            "value": "大学",
        }
    ]
    assert not run.file
    with pytest.raises(ValidationError):
        graduate_import_confirm(run=run, actor=world.user("institution_a"))


def test_a_file_changed_after_validation_is_refused(world, cohort, django_capture_on_commit_callbacks):
    run = uploaded(world, cohort, gf.csv_bytes(gf.rows(3)), django_capture_on_commit_callbacks)
    path = run.file.path
    with open(path, "ab") as handle:
        handle.write(gf.csv_bytes(gf.rows(1, 10)).split(b"\r\n", 1)[1])
    with pytest.raises(ValidationError, match="已被更改"):
        graduate_import_confirm(run=run, actor=world.user("institution_a"))
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and not run.file
    assert Graduate.objects.count() == 0


def test_data_changed_since_validation_fails_cleanly(world, cohort, django_capture_on_commit_callbacks):
    """A person registered meanwhile under another name breaks the plan: nothing is written."""
    records = gf.rows(3)
    run = uploaded(world, cohort, gf.csv_bytes(records), django_capture_on_commit_callbacks)
    persons = Person.objects.count()
    person_register(actor=None, name="另一个名字", resident_id=records[2]["身份证号码"], education="bachelor")
    with django_capture_on_commit_callbacks(execute=True):
        graduate_import_confirm(run=run, actor=world.user("institution_a"))
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert "第4行" in run.message and "请重新上传" in run.message
    assert (Graduate.objects.count(), Person.objects.count()) == (0, persons + 1)
    assert not run.file and run.plan is None


def test_discard_deletes_the_upload(world, cohort, django_capture_on_commit_callbacks):
    run = uploaded(world, cohort, gf.csv_bytes(gf.rows(2)), django_capture_on_commit_callbacks)
    path = run.file.path
    graduate_import_discard(run=run, actor=world.user("institution_a"))
    run.refresh_from_db()
    assert run.status == ImportStatus.DISCARDED
    import os

    assert not os.path.exists(path)


@pytest.mark.parametrize("principal", ["institution_b", "province", "city_a", "enterprise_a"])
def test_only_the_cohorts_institution_imports(world, cohort, principal):
    with pytest.raises(PermissionDenied):
        upload(world, cohort, gf.csv_bytes(gf.rows(1)), principal=principal)
    assert GraduateImport.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_another_request_while_validation_runs(
    world, cohort, settings, django_capture_on_commit_callbacks
):
    """While the validation task runs, another thread (another request) reads its progress moving."""
    settings.GRADUATE_IMPORT_BATCH = 10
    seen = []
    original = service._set_progress
    run = None

    def read():  # on the thread's own database connection, as another request would
        try:
            seen.append(graduate_import_progress(run))
            seen[-1]["stored"] = GraduateImport.objects.get(pk=run.pk).progress_done
        finally:
            connection.close()

    def observed(run_id, done, total):
        nonlocal run
        original(run_id, done, total)
        if done:
            run = GraduateImport.objects.get(pk=run_id)
            reader = threading.Thread(target=read)
            reader.start()
            reader.join()

    service._set_progress = observed
    try:  # no transaction around the test: the validation task runs when the upload commits
        upload(world, cohort, gf.csv_bytes(gf.rows(40)))
    finally:
        service._set_progress = original
    assert [(p["status"], p["done"]) for p in seen] == [("validating", n) for n in (10, 20, 30, 40)]
    assert all(p["total"] == 40 and not p["finished"] for p in seen)
    # The row's own counter is committed as it goes too (each batch's update lands before the next batch).
    assert [p["stored"] for p in seen] == [0, 10, 20, 30]


def test_the_files_id_lookups_are_logged(world, cohort, django_capture_on_commit_callbacks):
    """Checking a file's IDs against the persons on file is one access-log row, naming how many."""
    from registry.models import AccessLog

    uploaded(world, cohort, gf.csv_bytes(gf.rows(7)), django_capture_on_commit_callbacks)
    (entry,) = AccessLog.objects.filter(actor=world.user("institution_a"))
    assert (entry.action, entry.count) == ("lookup", 7)
    assert "TEST-COHORT" in entry.reason


def test_confirm_refused_once_the_entrustment_is_revoked(world, cohort, django_capture_on_commit_callbacks):
    run = uploaded(world, cohort, gf.csv_bytes(gf.rows(2)), django_capture_on_commit_callbacks)
    world.academy.entrustments.update(revoked=True)
    with pytest.raises(ValidationError, match="委托期"):
        graduate_import_confirm(run=run, actor=world.user("institution_a"))
    assert Graduate.objects.count() == 0


def test_a_run_discarded_while_it_is_validated_stays_discarded(world, cohort, django_capture_on_commit_callbacks):
    """The page's discard wins over a validation still running: its result is dropped, the file is gone."""
    original = service.validate_rows

    def discard_meanwhile(*args, **kwargs):
        graduate_import_discard(run=GraduateImport.objects.get(), actor=world.user("institution_a"))
        return original(*args, **kwargs)

    service.validate_rows = discard_meanwhile
    try:
        run = uploaded(world, cohort, gf.csv_bytes(gf.rows(3)), django_capture_on_commit_callbacks)
    finally:
        service.validate_rows = original
    assert (run.status, run.plan, bool(run.file)) == (ImportStatus.DISCARDED, None, False)


def test_the_preview_shows_a_changed_employer_by_its_credit_codes(world, cohort, django_capture_on_commit_callbacks):
    records = gf.rows(1)
    run = uploaded(world, cohort, gf.csv_bytes(records), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        graduate_import_confirm(run=run, actor=world.user("institution_a"))
    records[0].update(统一社会信用代码=world.bolt.credit_code, 工作单位="鹭岛电子科技有限公司")
    run = uploaded(world, cohort, gf.csv_bytes(records), django_capture_on_commit_callbacks)
    (updated,) = graduate_import_preview(run)["updated"]
    assert updated["changes"] == {
        "统一社会信用代码": [gf.credit_code(0), world.bolt.credit_code],
        "工作单位": [gf.row(0)["工作单位"], "鹭岛电子科技有限公司"],
    }
