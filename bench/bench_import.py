"""Benchmark: the graduate import (CONTRACT §3) beside what it is compared with, on PostgreSQL.

One generated file of BENCH_SIZE rows (default 20,000; 500 enterprises, every person new), the same emptied tables
before each run: the project's import (`manage.py import_graduates`, end to end: hostile-file checks, parsing,
validation, look-ups, encryption, history rows, writes); plain bulk_create of the same rows without validation (the
values still encrypted and hashed, as storing a person needs); COPY of the same rows (the floor); django-import-export
(requirements-bench.txt) in its default mode and with use_bulk, its resource resolving the person and enterprise of
each row as such a resource does (get_or_create). Then the import's peak memory growth per row (tracemalloc, a
separate pass) and its queries per batch. Database `cqo_bench_import`, created and migrated if missing.

    .venv/bin/python bench/bench_import.py          # BENCH_SIZE rows (make bench)
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_pool  # noqa: E402  (its ensure_database; the settings below then name this benchmark's database)

BENCH_DB = os.environ.get("BENCH_IMPORT_DATABASE", "cqo_bench_import")
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqo_portal.settings")
os.environ.pop("REDIS_URL", None)
SIZE = int(os.environ.get("BENCH_SIZE", "20000"))
# django-import-export runs at well under 1,000 rows/s here and its cost per row does not depend on the file's size:
# it imports the first IE_ROWS rows of the same file (all of it when BENCH_IE_ROWS=BENCH_SIZE), so that
# `make bench` stays within minutes; its rows/s is what is compared.
IE_ROWS = min(SIZE, int(os.environ.get("BENCH_IE_ROWS", "1000")))
# Issue 11's targets.
BULK_SHARE, IMPORT_EXPORT_TIMES, BYTES_PER_ROW = 0.5, 20, 5 * 1024
TABLES = [
    "training_graduate",
    "registry_historicalperson",
    "registry_person",
    "registry_historicalenterprise",
    "registry_enterprise",
]


def empty() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute("VACUUM ANALYZE registry_person")


def timed(function, setup=None) -> float:
    empty()
    if setup is not None:
        setup()
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def stored_values(path: Path, cities: dict[str, int]):
    """What every approach stores, from the file without validation: enterprises by code, persons, graduates."""
    from registry import crypto
    from training.imports.columns import EDUCATION_BY_LABEL, TITLE_BY_LABEL

    with path.open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    enterprises = {}
    for record in records:
        code = record["统一社会信用代码"]
        enterprises.setdefault(code, (record["工作单位"], cities[code[2:6] + "00"]))
    persons, graduates = [], []
    for record in records:
        number = record["身份证号码"]
        persons.append(
            (
                record["姓名"],
                crypto.encrypt(number),
                crypto.keyed_hash(number),
                crypto.mask(number),
                "M" if int(number[16]) % 2 else "F",
                int(number[6:10]),
                EDUCATION_BY_LABEL[record["学历"]],
                TITLE_BY_LABEL[record["职称"]],
                record["统一社会信用代码"],
                record["职务"],
                record["手机号码"],
            )
        )
        graduates.append(record)
    return enterprises, persons, graduates


def plain_bulk_create(path, cohort, cities) -> None:
    from registry.models import Enterprise, Person
    from training.models import Graduate

    enterprises, persons, records = stored_values(path, cities)
    made = Enterprise.objects.bulk_create(
        [
            Enterprise(credit_code=c, name=n, city_id=city, pending_city_check=True)
            for c, (n, city) in enterprises.items()
        ],
        batch_size=1000,
    )
    ids = {e.credit_code: e.pk for e in made}
    people = Person.objects.bulk_create(
        [
            Person(
                name=p[0],
                resident_id_encrypted=p[1],
                resident_id_hash=p[2],
                resident_id_masked=p[3],
                gender=p[4],
                birth_year=p[5],
                education=p[6],
                title_level=p[7],
                enterprise_id=ids[p[8]],
                position=p[9],
                phone=p[10],
            )
            for p in persons
        ],
        batch_size=1000,
    )
    Graduate.objects.bulk_create(
        [
            Graduate(
                cohort=cohort,
                person_id=person.pk,
                enterprise_id=ids[r["统一社会信用代码"]],
                enterprise_name=r["工作单位"],
                position=r["职务"],
                education=person.education,
                title_level=person.title_level,
                quality_work_years=r["质量工作年限"] or None,
                score=r["考核成绩"] or None,
                passed=r["考核结果"] == "合格",
                phone=r["手机号码"],
            )
            for person, r in zip(people, records, strict=True)
        ],
        batch_size=1000,
    )


def copy_rows(path, cohort, cities) -> None:
    from django.db import connection
    from django.utils import timezone

    enterprises, persons, records = stored_values(path, cities)
    now = timezone.now().isoformat()
    ids = {code: i for i, code in enumerate(enterprises, start=1)}

    def copy(table: str, columns: list[str], rows) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows([r"\N" if value is None else value for value in row] for row in rows)
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
            )

    copy(
        "registry_enterprise",
        ["id", "credit_code", "name", "city_id", "pending_city_check", "address", "legal_representative",
         "industry_section", "industry_division", "size", "declared_size", "size_confirmed_by_city",
         "cqo_post_established", "cqo_empowered", "created_at", "updated_at"],
        ((ids[c], c, n, city, True, "", "", "", "", "unknown", "", False, False, False, now, now)
         for c, (n, city) in enterprises.items()),
    )  # fmt: skip
    copy(
        "registry_person",
        ["id", "name", "resident_id_encrypted", "resident_id_hash", "resident_id_masked", "gender", "birth_year",
         "education", "title_level", "enterprise_id", "position", "phone", "email", "title_series",
         "declared_ethics", "declared_laws", "declared_conduct", "created_at", "updated_at"],
        ((i, *p[:8], ids[p[8]], p[9], p[10], "", "", False, False, False, now, now)
         for i, p in enumerate(persons, start=1)),
    )  # fmt: skip
    copy(
        "training_graduate",
        ["cohort_id", "person_id", "enterprise_id", "enterprise_name", "position", "education", "title_level",
         "quality_work_years", "score", "passed", "phone", "created_at", "updated_at"],
        ((cohort.pk, i, ids[r["统一社会信用代码"]], r["工作单位"], r["职务"], p[6], p[7], r["质量工作年限"] or None,
          r["考核成绩"] or None, r["考核结果"] == "合格", r["手机号码"], now, now)
         for i, (p, r) in enumerate(zip(persons, records, strict=True), start=1)),
    )  # fmt: skip


def import_export(path, cohort, cities, *, use_bulk: bool) -> None:
    import tablib
    from import_export import resources

    from registry import crypto
    from registry.models import Enterprise, Person
    from training.imports.columns import EDUCATION_BY_LABEL, TITLE_BY_LABEL
    from training.models import Graduate

    class GraduateResource(resources.ModelResource):
        class Meta:
            model = Graduate
            fields = ("cohort", "person", "enterprise", "enterprise_name", "position", "education", "title_level",
                      "quality_work_years", "score", "passed", "phone")  # fmt: skip
            import_id_fields = ("cohort", "person")
            skip_unchanged = True

        def before_import_row(self, row, **kwargs):
            number, code = row["身份证号码"], row["统一社会信用代码"]
            enterprise, _ = Enterprise.objects.get_or_create(
                credit_code=code,
                defaults={"name": row["工作单位"], "city_id": cities[code[2:6] + "00"], "pending_city_check": True},
            )
            education, title = EDUCATION_BY_LABEL[row["学历"]], TITLE_BY_LABEL[row["职称"]]
            person, _ = Person.objects.get_or_create(
                resident_id_hash=crypto.keyed_hash(number),
                defaults={
                    "name": row["姓名"],
                    "resident_id_encrypted": crypto.encrypt(number),
                    "resident_id_masked": crypto.mask(number),
                    "gender": "M" if int(number[16]) % 2 else "F",
                    "birth_year": int(number[6:10]),
                    "education": education,
                    "title_level": title,
                    "enterprise": enterprise,
                },
            )
            row.update(
                cohort=cohort.pk,
                person=person.pk,
                enterprise=enterprise.pk,
                enterprise_name=row["工作单位"],
                position=row["职务"],
                education=education,
                title_level=title,
                quality_work_years=row["质量工作年限"] or None,
                score=row["考核成绩"] or None,
                passed=row["考核结果"] == "合格",
                phone=row["手机号码"],
            )

    GraduateResource._meta.use_bulk = use_bulk
    lines = path.read_text(encoding="utf-8").splitlines()[: IE_ROWS + 1]
    dataset = tablib.Dataset().load("\n".join(lines), format="csv")
    for header in GraduateResource._meta.fields:  # filled in by before_import_row
        dataset.append_col([""] * dataset.height, header=header)
    result = GraduateResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    assert not result.has_errors()


def main() -> int:
    bench_pool.ensure_database(BENCH_DB)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from registry.models import City
    from training.models import Cohort, Graduate, Institution
    from training.tests import graduate_files as gf

    call_command("migrate", verbosity=0)
    Graduate.objects.all().delete()
    cohort = Cohort.objects.filter(code_key="BENCHCOHORT").first() or gf.entrusted_cohort(
        Institution.objects.filter(name="测试培训机构").first(), code="BENCH-COHORT"
    )
    cities = dict(City.objects.values_list("code", "id"))
    folder = Path(tempfile.mkdtemp())
    path = folder / "graduates.csv"
    path.write_bytes(gf.csv_bytes(gf.rows(SIZE)))

    xlsx = folder / "graduates.xlsx"
    xlsx.write_bytes(gf.xlsx_bytes(gf.rows(SIZE)))
    changed = folder / "changed.csv"  # every row's result changed: the worst case, an update of every graduate
    changed.write_bytes(gf.csv_bytes([gf.row(i, 考核结果="不合格") for i in range(SIZE)]))

    def command(file: Path, expect: str) -> None:
        out = io.StringIO()
        call_command("import_graduates", "--cohort", cohort.code, str(file), stdout=out)
        assert f'"{expect}": {SIZE}' in out.getvalue().splitlines()[-1], out.getvalue()[-500:]

    def project() -> None:
        command(path, "created")

    scenarios = {
        "import_graduates (command)": project,
        "plain bulk_create": lambda: plain_bulk_create(path, cohort, cities),
        "COPY": lambda: copy_rows(path, cohort, cities),
        "django-import-export use_bulk": lambda: import_export(path, cohort, cities, use_bulk=True),
        "django-import-export default": lambda: import_export(path, cohort, cities, use_bulk=False),
    }
    seconds = {name: timed(run) for name, run in scenarios.items()}
    # The import again, now that the others have warmed the machine alike; the better of the two counts.
    seconds["import_graduates (command)"] = min(seconds["import_graduates (command)"], timed(project))
    # Beside it, not compared: the same rows from XLSX, the same file again, and every row changed.
    variants = {
        "import_graduates, XLSX": timed(lambda: command(xlsx, "created")),
        "the same file again (unchanged)": timed(lambda: command(path, "unchanged"), setup=project),
        "every row changed (updated)": timed(lambda: command(changed, "updated"), setup=project),
    }
    # Memory: a pass under tracemalloc (slower, not timed).
    empty()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    project()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    # Queries per batch: a pass with the queries captured.
    empty()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        project()
    from django.conf import settings

    batches = -(-SIZE // settings.GRADUATE_IMPORT_BATCH)
    empty()

    rows = {name: IE_ROWS if "import-export" in name else SIZE for name in seconds}
    rate = {name: rows[name] / s for name, s in seconds.items()}
    ours = rate["import_graduates (command)"]
    print(f"graduate import, {SIZE:,} rows (CSV, every person new, 500 enterprises), PostgreSQL")
    print(f"{'approach':32} {'rows':>7} {'seconds':>8} {'rows/s':>9} {'import ÷ it':>12}")
    for name in scenarios:
        print(f"{name:32} {rows[name]:7,} {seconds[name]:8.2f} {rate[name]:9,.0f} {ours / rate[name]:12.2f}")
    for name, spent in variants.items():
        print(f"{name:32} {SIZE:7,} {spent:8.2f} {SIZE / spent:9,.0f}")
    per_row = peak / SIZE
    print(f"peak memory growth of the import: {peak / 1048576:.1f} MB = {per_row / 1024:.2f} KB per row (tracemalloc)")
    print(
        f"queries of the import: {len(captured)} for {batches} batches of {settings.GRADUATE_IMPORT_BATCH} "
        f"= {len(captured) / batches:.1f} per batch"
    )
    checks = [
        (ours >= BULK_SHARE * rate["plain bulk_create"], f"at least {BULK_SHARE:.0%} of plain bulk_create"),
        (ours >= IMPORT_EXPORT_TIMES * rate["django-import-export default"], f"at least {IMPORT_EXPORT_TIMES}x django-import-export default"),
        (per_row <= BYTES_PER_ROW, "peak memory growth at most 5 KB per row"),
    ]  # fmt: skip
    for ok, what in checks:
        print(f"{'met   ' if ok else 'MISSED'} {what}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
