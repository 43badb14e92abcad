"""`manage.py issue_certificates --cohort CODE [--date YYYY-MM-DD]` (CONTRACT §7): certificates for every graduate
of the cohort marked 合格 who has none yet, through the same service as the pages."""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from training.models import Cohort
from training.services import certificate_issue_cohort
from training.services.certificates import verification_url


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value}: 日期格式应为 YYYY-MM-DD。") from None


class Command(BaseCommand):
    help = "为班次中考核合格、尚未领证的学员颁发结业证书；最后一行输出 JSON 汇总。"

    def add_arguments(self, parser):
        parser.add_argument("--cohort", required=True, help="班次编号")
        parser.add_argument("--date", type=_date, default=None, help="发证日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, cohort: str, date: datetime.date | None, **options):
        summary = {"issued": 0, "already_issued": 0, "errors": [], "certificates": []}
        try:
            found = Cohort.objects.by_code(cohort)
        except (Cohort.DoesNotExist, ValidationError):
            summary["errors"].append(f"没有编号为“{cohort}”的班次。")
            return self._finish(summary, failed=True)
        try:
            result = certificate_issue_cohort(cohort=found, issued_on=date, actor=None)
        except ValidationError as error:
            summary["errors"].extend(error.messages)
            return self._finish(summary, failed=True)
        summary["issued"] = len(result.certificates)
        summary["already_issued"] = result.already_issued
        summary["certificates"] = [
            {"number": c.number, "name": c.person.name, "qr": verification_url(c)} for c in result.certificates
        ]
        return self._finish(summary, failed=False)

    def _finish(self, summary: dict, *, failed: bool) -> None:
        for message in summary["errors"]:
            self.stderr.write(message)
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
        if failed:
            raise SystemExit(1)
