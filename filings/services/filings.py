"""Writes of filings (报备): the filer's draft, attachments and submission; the province's acceptance or return.

Every write locks the filing's row first, so a double-clicked submit makes one version and a decision never
crosses a resubmission. Notices go through registry.notify, delivered only when the write commits.
"""

from __future__ import annotations

import datetime
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from registry.bounds import REASON_MAX_LENGTH, check_reason
from registry.notify import notify
from registry.permissions import require
from registry.services.write import save
from registry.validators import evidence_kind

from ..models import Filing, FilingAttachment, FilingStatus, FilingVersion
from ..periods import days_late
from ..selectors.figures import filing_figures

NARRATIVE_MAX_LENGTH = 10000
MAX_ATTACHMENTS = 20  # files in one draft
OPEN = (FilingStatus.DRAFT, FilingStatus.RETURNED)  # the filer may write and submit
# Office files are zip packages; the folder inside tells a Word document from a workbook (and from any zip).
OFFICE_PACKAGES = {"docx": "word/", "xlsx": "xl/"}
ATTACHMENT_TYPES = "PDF、PNG、JPEG、DOCX或XLSX"
DETAIL = "filings:filing-detail"


def _locked(filing: Filing) -> Filing:
    return (
        Filing.objects.select_for_update(of=("self",)).select_related("city", "institution", "cohort").get(pk=filing.pk)
    )


def _require_open(filing: Filing, doing: str) -> None:
    if filing.status not in OPEN:
        raise ValidationError(
            f"该报备{filing.get_status_display()}，不能{doing}；退回后方可修改并重新提交。"
            if filing.status == FilingStatus.SUBMITTED
            else f"该报备{filing.get_status_display()}，不能{doing}。"
        )


def attachment_kind(upload) -> str | None:
    """ "PDF", "PNG", "JPEG", "DOCX" or "XLSX", judged by the content (and, for Office files, the package's
    folders), or None."""
    kind = evidence_kind(upload)
    if kind:
        return kind
    extension = (upload.name or "").rsplit(".", 1)[-1].lower()
    if extension not in OFFICE_PACKAGES:
        return None
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(position)
    return extension.upper() if any(name.startswith(OFFICE_PACKAGES[extension]) for name in names) else None


def _check_upload(upload) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    if upload is None or not getattr(upload, "name", ""):
        raise ValidationError({"upload": "请选择要上传的附件。"})
    if upload.size > limit:
        raise ValidationError(
            {"upload": f"附件过大（{upload.size / 1048576:.1f} MB），请上传不超过{limit // 1048576} MB的文件。"}
        )
    if upload.size == 0 or attachment_kind(upload) is None:
        raise ValidationError(
            {"upload": f"附件须为{ATTACHMENT_TYPES}文件（按文件内容判断，与扩展名无关），请检查后重新上传。"}
        )


@transaction.atomic
def filing_save_draft(*, filing: Filing, narrative: str, actor) -> Filing:
    """Save the filer's narrative in the draft; nothing is sent to the province until it is submitted."""
    require(actor, "filing.edit", filing)
    filing = _locked(filing)
    _require_open(filing, "修改")
    narrative = (narrative or "").strip()
    if len(narrative) > NARRATIVE_MAX_LENGTH:
        raise ValidationError({"narrative": f"工作情况说明最多{NARRATIVE_MAX_LENGTH}字，当前{len(narrative)}字。"})
    filing.narrative = narrative
    save(filing, actor, update_fields=["narrative", "updated_at"])
    return filing


@transaction.atomic
def filing_attach(*, filing: Filing, upload, actor) -> FilingAttachment:
    """Add a file to the draft. The file reaches storage only when the row commits."""
    if actor is None:
        raise ValueError("filing_attach() needs the uploading user.")
    require(actor, "filing.edit", filing)
    filing = _locked(filing)
    _require_open(filing, "添加附件")
    _check_upload(upload)
    if filing.attachments.filter(in_draft=True).count() >= MAX_ATTACHMENTS:
        raise ValidationError({"upload": f"每份报备最多{MAX_ATTACHMENTS}个附件，请先删除不需要的附件。"})
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "附件"
    attachment = FilingAttachment(filing=filing, file=upload, name=name, size=upload.size, uploaded_by=actor)
    save(attachment, actor)
    return attachment


@transaction.atomic
def filing_detach(*, attachment: FilingAttachment, actor) -> None:
    """Take a file out of the draft. A file a submitted version carried stays with that version; one never
    submitted is deleted (its file once the deletion commits)."""
    require(actor, "filing.edit", attachment.filing)
    filing = _locked(attachment.filing)
    _require_open(filing, "删除附件")
    attachment = FilingAttachment.objects.select_for_update().get(pk=attachment.pk, filing=filing)
    if attachment.versions.exists():
        attachment.in_draft = False
        attachment.save(update_fields=["in_draft"])
        return
    file, name = attachment.file, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: file.storage.delete(name))


@transaction.atomic
def filing_submit(*, filing: Filing, actor, now: datetime.datetime | None = None) -> FilingVersion:
    """Submit the draft as version n+1: the figures refreshed from the records, the narrative and the draft's
    files, kept as they are. Lateness is judged on the first submission (a report returned for corrections was
    still filed when it was filed); each version records its own days late."""
    if actor is None:
        raise ValueError("filing_submit() needs the submitting user (seed data: the unit's or institution's account).")
    require(actor, "filing.submit", filing)
    filing = _locked(filing)
    _require_open(filing, "提交")
    now = now or timezone.now()
    late = days_late(timezone.localdate(now), filing.due_date)
    filing.figures = filing_figures(filing)
    version = FilingVersion.objects.create(
        filing=filing,
        number=filing.version_count + 1,
        narrative=filing.narrative,
        figures=filing.figures,
        submitted_at=now,
        submitted_by=actor,
        days_late=late,
    )
    version.attachments.set(filing.attachments.filter(in_draft=True))
    filing.version_count = version.number
    filing.status = FilingStatus.SUBMITTED
    filing.submitted_at = now
    if filing.first_submitted_at is None:
        filing.first_submitted_at = now
        filing.days_late = late
    filing.decided_at = None
    filing.return_reason = ""
    save(
        filing,
        actor,
        update_fields=[
            "figures",
            "version_count",
            "status",
            "submitted_at",
            "first_submitted_at",
            "days_late",
            "decided_at",
            "return_reason",
            "updated_at",
        ],
    )
    lateness = f"（逾期{late}天）" if late else ""
    resubmitted = "重新提交" if version.number > 1 else "提交"
    notify(
        text=f"{filing.filer_name}{resubmitted}了{filing.period_label}{filing.get_kind_display()}{lateness}，请审核。",
        link_name=DETAIL,
        link_kwargs={"pk": filing.pk},
        province=True,
    )
    return version


def _decide(filing: Filing, *, decision: str, reason: str, actor) -> Filing:
    require(actor, "filing.decide", filing)
    filing = _locked(filing)
    if filing.status != FilingStatus.SUBMITTED:
        doing = "通过" if decision == FilingStatus.ACCEPTED else "退回"
        raise ValidationError(f"该报备{filing.get_status_display()}，只有待审核的报备可以{doing}。")
    now = timezone.now()
    version = filing.versions.select_for_update().order_by("-number").first()
    version.decision, version.decided_at, version.decided_by, version.return_reason = decision, now, actor, reason
    version.save(update_fields=["decision", "decided_at", "decided_by", "return_reason"])
    filing.status, filing.decided_at, filing.return_reason = decision, now, reason
    save(filing, actor, update_fields=["status", "decided_at", "return_reason", "updated_at"])
    what = f"{filing.period_label}{filing.get_kind_display()}"
    text = f"省局已通过贵单位的{what}。" if decision == FilingStatus.ACCEPTED else f"省局退回了贵单位的{what}：{reason}"
    notify(
        text=text,
        link_name=DETAIL,
        link_kwargs={"pk": filing.pk},
        city=filing.city if filing.city_id else None,
        institution=filing.institution if filing.city_id is None else None,
    )
    return filing


@transaction.atomic
def filing_accept(*, filing: Filing, actor) -> Filing:
    """The province accepts the submitted version."""
    return _decide(filing, decision=FilingStatus.ACCEPTED, reason="", actor=actor)


@transaction.atomic
def filing_return(*, filing: Filing, reason: str, actor) -> Filing:
    """The province returns the submitted version with a reason; the filer corrects it and submits again."""
    require(actor, "filing.decide", filing)  # who may, before what they typed
    reason = check_reason(reason, field="reason", label="退回原因", limit=REASON_MAX_LENGTH)
    return _decide(filing, decision=FilingStatus.RETURNED, reason=reason, actor=actor)
