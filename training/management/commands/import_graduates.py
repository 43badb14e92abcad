"""`manage.py import_graduates --cohort CODE FILE`: a cohort's graduates from CSV or XLSX, as CONTRACT §3 says."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from training.models import Cohort
from training.services import ImportResult, import_graduates


class Command(BaseCommand):
    help = "导入培训班次的结业学员名单（CSV或XLSX，首行为列名）：全部无误才写入，最后一行输出JSON汇总。"

    def add_arguments(self, parser):
        parser.add_argument("--cohort", required=True, help="班次编号，如 DEMO-COHORT")
        parser.add_argument("file", help="学员名单文件（.csv：UTF-8或GB18030；.xlsx）")

    def handle(self, *args, cohort, file, **options):
        result = self._import(cohort, file)
        # The report: every bad row, its column, why, and the value (resident IDs masked), one line each.
        for error in result.errors:
            where = f"第{error['row']}行" if error["row"] else "文件"
            column = f" {error['column']}" if error["column"] else ""
            value = f"（所填：{error['value']}）" if error.get("value") else ""
            self.stdout.write(f"{where}{column}：{error['message']}{value}")
        self.stdout.write(result.as_json())  # always the last line, whatever went wrong
        if result.errors:
            raise CommandError(f"导入未完成：共{len(result.errors)}处错误，未写入任何数据。", returncode=1)

    def _import(self, code: str, file: str) -> ImportResult:
        try:
            target = Cohort.objects.select_related("institution").by_code(code)
        except (Cohort.DoesNotExist, ValidationError):
            return _refused(f"班次编号“{code}”不存在，请核对。")
        try:
            return import_graduates(cohort=target, path=file, actor=None)
        except OSError as error:
            return _refused(f"无法读取文件 {file}：{error.strerror or error}")


def _refused(message: str) -> ImportResult:
    return ImportResult(errors=[{"row": 0, "column": "", "message": message, "value": ""}])
