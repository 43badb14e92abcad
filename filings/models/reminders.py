"""The reminder ledger: one row per (filing, stage), written before anything is sent, so a reminder goes out
once however many sweeps run, and a send that failed stays visible until a retry succeeds."""

from __future__ import annotations

from django.db import models

from .filings import Filing


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Reminder(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="reminders", verbose_name="报备")
    # Days relative to the filing's due date (one of its schedule's reminder_days): -7 is a week before.
    stage = models.SmallIntegerField("提醒节点（天）")
    due_on = models.DateField("应发日期")
    tells_province = models.BooleanField("同时通知省局", default=False)
    status = models.CharField("状态", max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    # The in-portal notices are written once (the first attempt that gets that far); emails may be retried.
    noticed_at = models.DateTimeField("站内通知时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送完成时间", null=True, blank=True)
    created_at = models.DateTimeField("记账时间", auto_now_add=True)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        ordering = ["-due_on", "filing", "stage"]
        indexes = [models.Index(fields=["status", "next_attempt_at", "id"], name="reminder_status_next")]
        constraints = [models.UniqueConstraint(fields=["filing", "stage"], name="reminder_once_per_stage")]

    def __str__(self) -> str:
        return f"{self.filing} 提醒（{self.stage:+d}天）"
