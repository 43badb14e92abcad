"""`manage.py send_reminders [--date YYYY-MM-DD]` (CONTRACT §4): the daily reminder sweep, run synchronously.
Twice on the same date sends nothing more; the last line printed is the JSON summary."""

from __future__ import annotations

import argparse
import datetime
import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from filings.services.reminders import reminders_sweep


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}”不是有效日期，格式应为 YYYY-MM-DD，如 2026-04-08。") from None


class Command(BaseCommand):
    help = "发送报备提醒：找出到期或逾期未提交的报备，每个提醒节点只发一次；最后一行输出 JSON 汇总。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, default=None, help="按该日期计算提醒 YYYY-MM-DD（默认今天）")

    def handle(self, *args, date: datetime.date | None, **options):
        result = reminders_sweep(today=date or timezone.localdate())
        self.stdout.write(json.dumps(result.as_dict()))
