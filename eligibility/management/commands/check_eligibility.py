"""`manage.py check_eligibility FILE.json`: verdicts for one candidate or a list, as CONTRACT.md §2 says."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from eligibility.batch import BatchError, evaluate_batch, read_records


class Command(BaseCommand):
    help = "按《福建省企业首席质量官管理办法(试行)》第五条、第六条核验任职资格，输出JSON结论列表。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="候选人JSON文件：一个对象或对象数组（UTF-8）；“-”表示标准输入")

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8-sig") as handle:
                    text = handle.read()
        except OSError as error:
            raise CommandError(f"无法读取文件 {file}：{error.strerror or error}", returncode=2) from error
        except UnicodeDecodeError as error:
            raise CommandError(f"文件 {file} 不是UTF-8编码：{error.reason}", returncode=2) from error
        try:
            records, single = read_records(text)
            verdicts = evaluate_batch(records)
        except BatchError as error:
            # Nothing goes to stdout: a script piping the output must not see half a batch.
            for line in error.lines():
                self.stderr.write(line)
            raise CommandError(error.summary, returncode=2) from None
        self.stdout.write(json.dumps(verdicts, ensure_ascii=False, indent=2))
