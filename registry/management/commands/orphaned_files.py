"""List uploaded files with no row and rows whose file is missing: `manage.py orphaned_files [--delete]`."""

import json

from django.core.management.base import BaseCommand

from registry.services.stored_files import stored_files_check, stored_files_delete_orphans


class Command(BaseCommand):
    help = "核对上传文件：列出没有对应记录的聘任文件、证据材料，以及文件缺失的记录；--delete 删除没有对应记录的文件。"

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="删除没有对应记录的文件")

    def handle(self, *args, delete=False, **options):
        check = stored_files_check()
        for name in check.without_row:
            self.stdout.write(f"无对应记录的文件：{name}")
        for name in check.missing:
            self.stdout.write(f"记录所指文件缺失：{name}")
        deleted = stored_files_delete_orphans() if delete else []
        # The last line is a JSON summary, like the other commands scripts call.
        summary = {"without_row": len(check.without_row), "missing": len(check.missing), "deleted": len(deleted)}
        self.stdout.write(json.dumps(summary))
