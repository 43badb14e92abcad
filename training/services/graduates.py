"""The graduate import (CONTRACT §3), from the command and from the browser: upload, validate (a task with
progress), preview, confirm, apply (a task, all or nothing), discard. The engine is training.imports."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from registry.permissions import require
from registry.services import file_lookup_log
from registry.services.write import save

from ..imports.apply import PlanStale, apply_plan
from ..imports.columns import GRADUATE_COLUMNS
from ..imports.files import FileRefused, check_file, read_table
from ..imports.validate import validate_rows
from ..models import Cohort, GraduateImport, ImportStatus

__all__ = [
    "GRADUATE_COLUMNS",
    "ImportResult",
    "graduate_import_apply",
    "graduate_import_confirm",
    "graduate_import_discard",
    "graduate_import_preview",
    "graduate_import_progress",
    "graduate_import_upload",
    "graduate_import_validate",
    "import_graduates",
]

FINISHED = {ImportStatus.INVALID, ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.DISCARDED}
PROGRESS_SECONDS = 3600


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)  # {"row", "column", "message", "value" (masked)}

    def as_json(self) -> str:
        """CONTRACT §3's summary line (the shown values stay in the report lines above it)."""
        errors = [{"row": e["row"], "column": e["column"], "message": e["message"]} for e in self.errors]
        summary = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "errors": errors}
        return json.dumps(summary, ensure_ascii=False)


def file_errors(refusal: FileRefused) -> list[dict]:
    """A refused file as report rows: row 0 (the file as a whole) unless the refusal names cells."""
    if refusal.cells:
        return [
            {"row": row, "column": column, "message": refusal.message, "value": ""} for row, column in refusal.cells
        ]
    return [{"row": 0, "column": "", "message": refusal.message, "value": ""}]


def cohort_import_refusal(cohort: Cohort) -> str | None:
    """Graduates are imported only into a cohort that ran inside an entrustment of its institution that is not
    revoked (Article 9: a revoked period never counted). An entrustment that has since ended still covers the
    cohort it covered: the file of a past cohort may come late."""
    if any(e.covers(cohort.start_date, cohort.end_date) for e in cohort.institution.entrustments.all()):
        return None
    return (
        f"班次{cohort.code}的培训期（{cohort.start_date:%Y-%m-%d}至{cohort.end_date:%Y-%m-%d}）不在"
        f"{cohort.institution.name}未撤销的委托期内，不能导入学员名单；请与省局核对委托期。"
    )


# ---------------------------------------------------------------------------
# The command: everything in-process
# ---------------------------------------------------------------------------


def import_graduates(*, cohort: Cohort, path: str | Path, actor=None) -> ImportResult:
    """Validate the file and, when every row is good, write it all in one transaction (`manage.py
    import_graduates`). Nothing is written when anything is wrong."""
    require(actor, "graduate.import", cohort)
    refusal = cohort_import_refusal(cohort)
    if refusal:
        return ImportResult(errors=[{"row": 0, "column": "", "message": refusal, "value": ""}])
    try:
        table = read_table(path, check_file(path, Path(path).name))
        validator = validate_rows(cohort, table)
    except FileRefused as error:
        return ImportResult(errors=file_errors(error))
    if validator.errors:
        return ImportResult(errors=validator.errors)
    try:
        counts = apply_plan(cohort=cohort, rows=validator.plan, new_enterprises=validator.new_enterprises, actor=actor)
    except PlanStale as error:
        return ImportResult(errors=[{"row": error.row or 0, "column": "", "message": error.message, "value": ""}])
    return ImportResult(**counts)


# ---------------------------------------------------------------------------
# The browser: upload, validate (task), preview, confirm, apply (task), discard
# ---------------------------------------------------------------------------


def _progress_key(run_id: int) -> str:
    return f"graduate-import:{run_id}:progress"


def _set_progress(run_id: int, done: int, total: int) -> None:
    # Through the cache, so a page polling from another request (or process, with Redis) sees it even while
    # the apply task's transaction is open.
    cache.set(_progress_key(run_id), {"done": done, "total": total}, PROGRESS_SECONDS)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _delete_file(run: GraduateImport) -> None:
    """The upload holds resident IDs in clear: it goes as soon as it is not needed."""
    if run.file:
        run.file.delete(save=False)
    run.file = None


def _finish(run: GraduateImport, status: str, **fields) -> GraduateImport:
    _delete_file(run)
    run.status = status
    run.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["status", "finished_at", "file", *fields])
    cache.delete(_progress_key(run.pk))
    return run


def _local_path(run: GraduateImport) -> Path:
    return Path(run.file.path)


def _queue(task_name: str, run_id: int) -> None:
    """Run the task after the commit (eagerly, in-process, without Redis). Tasks are looked up by name: the task
    module sits above the services and calls them."""
    transaction.on_commit(lambda: current_app.tasks[task_name].delay(import_id=run_id))


@transaction.atomic
def graduate_import_upload(*, cohort: Cohort, uploaded_file, actor) -> GraduateImport:
    """Store an uploaded file and queue its validation. A file refused by its size or content, or a cohort outside
    its institution's entrustment, is a ValidationError({"file": ...}) and writes nothing."""
    require(actor, "graduate.import", cohort)
    refusal = cohort_import_refusal(cohort)
    if refusal:
        raise ValidationError({"file": refusal})
    filename = Path(getattr(uploaded_file, "name", "") or "upload").name[:255]
    suffix = Path(filename).suffix.lower()[:10]
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > settings.GRADUATE_IMPORT_MAX_BYTES:  # before the upload is even copied
        limit = settings.GRADUATE_IMPORT_MAX_BYTES / 1048576
        raise ValidationError(
            {"file": f"文件过大（{size / 1048576:.1f} MB），学员名单文件不能超过{limit:.1f} MB；请分成几个文件导入。"}
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            if hasattr(uploaded_file, "seek"):
                uploaded_file.seek(0)
            shutil.copyfileobj(uploaded_file, handle, 1 << 20)
        try:
            check_file(path, filename)
        except FileRefused as error:
            raise ValidationError({"file": error.message}) from None
        data = path.read_bytes()
    run = GraduateImport(
        cohort=cohort,
        uploaded_by=actor,
        filename=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        status=ImportStatus.UPLOADED,
        # A random stored name: an institution's file name may carry a person's name.
        file=ContentFile(data, name=f"{uuid.uuid4().hex}{suffix}"),
    )
    save(run, actor)  # the file reaches storage when the row commits, before the task below runs
    _queue("training.graduate_import_validate", run.pk)
    return run


def graduate_import_validate(*, import_id: int) -> GraduateImport:
    """Validate an uploaded file in batches (the task's body; a run already validated is left as it is). Progress
    is written as it goes, outside any transaction, so the page polling it sees it move."""
    run = GraduateImport.objects.select_related("cohort__institution").get(pk=import_id)
    if run.status not in (ImportStatus.UPLOADED, ImportStatus.VALIDATING):
        return run
    GraduateImport.objects.filter(pk=run.pk).update(status=ImportStatus.VALIDATING, progress_done=0)
    run.status = ImportStatus.VALIDATING
    done = 0

    def on_progress(count: int) -> None:
        nonlocal done
        done += count
        total = max(run.progress_total, done)
        _set_progress(run.pk, done, total)
        GraduateImport.objects.filter(pk=run.pk).update(progress_done=done, progress_total=total)

    refusal = cohort_import_refusal(run.cohort)
    try:
        if refusal:
            raise FileRefused(refusal)
        if not run.file or not run.file.storage.exists(run.file.name):
            raise FileRefused("上传的文件已不在服务器上，请重新上传。")
        path = _local_path(run)
        table = read_table(path, check_file(path, run.filename))
        run.progress_total = table.total
        _set_progress(run.pk, 0, table.total)
        validator = validate_rows(run.cohort, table, on_progress=on_progress)
        errors = validator.errors
        if validator.seen:  # every ID of the file was looked up among the persons on file
            file_lookup_log(actor=run.uploaded_by, what=f"导入班次{run.cohort.code}学员名单", count=len(validator.seen))
    except FileRefused as error:
        errors = file_errors(error)
    except OSError:  # the file went while it was read: discarded meanwhile (checked below), or storage trouble
        errors = file_errors(FileRefused("读取上传的文件时出错，请重新上传。"))
    with transaction.atomic():
        # Discarded while it was being validated: the discard stands, the result is dropped.
        run = GraduateImport.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportStatus.VALIDATING:
            return run
        if errors:
            return _finish(run, ImportStatus.INVALID, errors=errors, plan=None, summary={}, progress_done=done)
        summary = dict.fromkeys(ACTIONS, 0)
        for row in validator.plan:
            summary[_ACTION_OF[row["action"]]] += 1
        run.status = ImportStatus.VALIDATED
        run.plan = {"rows": validator.plan, "enterprises": list(validator.new_enterprises.values())}
        run.summary, run.errors = summary, []
        run.progress_done = run.progress_total = validator.rows_read
        run.save(update_fields=["status", "plan", "summary", "errors", "progress_done", "progress_total"])
    cache.delete(_progress_key(run.pk))
    return run


ACTIONS = ("created", "updated", "unchanged")
_ACTION_OF = {"create": "created", "update": "updated", "unchanged": "unchanged"}


def graduate_import_preview(run: GraduateImport) -> dict:
    """What confirming will do, from the validated plan: the rows created and updated (with each changed field,
    old and new), and how many stay unchanged."""
    created, updated, unchanged = [], [], 0
    for row in (run.plan or {}).get("rows", []):
        shown = {
            "row": row["row"],
            "name": row["name"],
            "resident_id_masked": row["masked"],
            "enterprise": row["enterprise_name"],
            "credit_code": row["code"],
            "new_enterprise": row["enterprise"] is None,
            "new_person": row["person"] is None,
            "passed": row["passed"],
        }
        if row["action"] == "create":
            created.append(shown)
        elif row["action"] == "update":
            updated.append({**shown, "changes": row.get("changes", {})})
        else:
            unchanged += 1
    return {"created": created, "updated": updated, "unchanged": unchanged}


def graduate_import_confirm(*, run: GraduateImport, actor) -> GraduateImport:
    """Confirm a validated import: refused unless it is VALIDATED and the stored file still hashes to what was
    validated (a file changed in between is refused, the run fails and the file is deleted); then the apply task
    writes the plan."""
    require(actor, "graduate.import", run.cohort)
    with transaction.atomic():
        run = GraduateImport.objects.select_for_update().select_related("cohort").get(pk=run.pk)
        if run.status != ImportStatus.VALIDATED:
            raise ValidationError(f"该导入的状态为“{run.get_status_display()}”，只有校验通过的导入可以确认。")
        refusal = cohort_import_refusal(run.cohort)  # an entrustment revoked since validation
        if refusal:
            raise ValidationError(refusal)
        intact = bool(run.file) and run.file.storage.exists(run.file.name) and _sha256(_local_path(run)) == run.sha256
        if intact:
            run.status = ImportStatus.IMPORTING
            run.progress_done, run.progress_total = 0, len(run.plan["rows"])
            run.save(update_fields=["status", "progress_done", "progress_total"])
            _queue("training.graduate_import_apply", run.pk)
            return run
        _finish(run, ImportStatus.FAILED, message=CHANGED_FILE, plan=None)
    raise ValidationError(CHANGED_FILE)


CHANGED_FILE = "服务器上的文件在校验后已被更改或删除，不能按校验结果导入；请重新上传文件校验。"


def graduate_import_apply(*, import_id: int) -> GraduateImport:
    """Write a confirmed plan (the task's body): all or nothing, then DONE with what was written, or FAILED with
    why (the data changed since validation) and nothing written. The file and the plan are dropped either way."""
    run = GraduateImport.objects.select_related("cohort").get(pk=import_id)
    if run.status != ImportStatus.IMPORTING:
        return run
    done = 0

    def on_progress(count: int) -> None:
        nonlocal done
        done += count
        _set_progress(run.pk, done, run.progress_total)

    plan = run.plan or {"rows": [], "enterprises": []}
    try:
        with transaction.atomic():
            counts = apply_plan(
                cohort=run.cohort,
                rows=plan["rows"],
                new_enterprises={e["code"]: e for e in plan["enterprises"]},
                actor=run.uploaded_by,
                import_run=run,
                on_progress=on_progress,
            )
            return _finish(run, ImportStatus.DONE, summary=counts, plan=None, progress_done=done)
    except PlanStale as error:
        return _finish(run, ImportStatus.FAILED, message=error.message, plan=None)


def graduate_import_discard(*, run: GraduateImport, actor) -> GraduateImport:
    """Give up an import that is not being written: its file and plan are dropped."""
    require(actor, "graduate.import", run.cohort)
    with transaction.atomic():
        run = GraduateImport.objects.select_for_update().get(pk=run.pk)
        if run.status in (ImportStatus.IMPORTING, ImportStatus.DONE, ImportStatus.DISCARDED):
            raise ValidationError(f"该导入的状态为“{run.get_status_display()}”，不能放弃。")
        return _finish(run, ImportStatus.DISCARDED, plan=None)


def graduate_import_progress(run: GraduateImport) -> dict:
    """{"status", "status_label", "done", "total", "percent", "finished"} for the page's polling."""
    run = GraduateImport.objects.get(pk=run.pk)
    live = cache.get(_progress_key(run.pk)) if run.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING) else None
    done, total = (live["done"], live["total"]) if live else (run.progress_done, run.progress_total)
    finished = run.status in FINISHED or run.status == ImportStatus.VALIDATED
    percent = 100 if finished else (min(99, int(done * 100 / total)) if total else 0)
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "done": done,
        "total": total,
        "percent": percent,
        "finished": finished,
    }
