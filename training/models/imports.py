"""A graduate import as the browser runs it: upload, validation report, preview, confirmation (CONTRACT §3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from registry.permissions import INSTITUTION, role_of, sees_province_wide

from .cohorts import Cohort


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传，待校验"
    VALIDATING = "validating", "校验中"
    INVALID = "invalid", "校验未通过"
    VALIDATED = "validated", "校验通过，待确认导入"
    IMPORTING = "importing", "导入中"
    DONE = "done", "已导入"
    FAILED = "failed", "导入失败"
    DISCARDED = "discarded", "已放弃"


class GraduateImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> GraduateImportQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == INSTITUTION:
            return self.filter(cohort__institution_id=user.institution_id)
        return self.none()


class GraduateImport(models.Model):
    """One uploaded file on its way into a cohort. Confirming applies `plan`, the validated result, and is refused
    when the stored file no longer has `sha256`; the upload (it holds resident IDs in clear) is deleted once the
    import is done, refused or discarded."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="imports", verbose_name="培训班次")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    file = models.FileField("导入文件", upload_to="imports/graduates/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    sha256 = models.CharField("文件摘要", max_length=64)
    status = models.CharField("状态", max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    progress_done = models.PositiveIntegerField("已处理行数", default=0)
    progress_total = models.PositiveIntegerField("总行数", default=0)
    # [{"row": 7, "column": "身份证号码", "message": "...", "value": "..."}], the report's rows (values masked
    # where they are resident IDs).
    errors = models.JSONField("错误", default=list, blank=True)
    # {"created": n, "updated": n, "unchanged": n}: the preview's counts, then the import's.
    summary = models.JSONField("汇总", default=dict, blank=True)
    # The validated rows, ready to write (resident IDs only as hash and ciphertext); cleared when done.
    plan = models.JSONField("校验结果", null=True, blank=True, editable=False)
    message = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = GraduateImportQuerySet.as_manager()

    class Meta:
        verbose_name = "学员导入"
        verbose_name_plural = "学员导入"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"
