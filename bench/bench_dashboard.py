"""Benchmark: the province's dashboard (its home page) against the talent-pool list, at scale.

The pool is loaded by bench_pool.load_pool (persons, enterprises with the post set up at 60 %, pool rows) into its
own database `cqo_bench_dashboard`; then every person gets a certificate (issued 2014-2026, one in 50 revoked) from
one of ten institutions, by INSERT ... SELECT. Each page runs in-process through Django's test Client signed in as
provincial staff, interleaved (bench_pool.measure_interleaved): the median server time and the queries it issued,
the dashboard computed on every request (DASHBOARD_CACHE_SECONDS=0) and then served from the cache.
No appointments are loaded, so the appointment figures are counted over an empty table.

    .venv/bin/python bench/bench_dashboard.py              # 20,000 (make bench)
    .venv/bin/python bench/bench_dashboard.py 20000 1000000
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE", "cqo_bench_dashboard")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pool  # noqa: E402


def load_certificates() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE training_certificate, training_institution RESTART IDENTITY CASCADE")
        cursor.execute(
            "INSERT INTO training_institution (name, contact_name, contact_phone, address) "
            "SELECT '基准培训机构' || g, '', '', '' FROM generate_series(1, 10) AS g"
        )
        cursor.execute(
            """
            INSERT INTO training_certificate (number, issued_on, revoked, revoked_on, revoked_reason,
                institution_id, person_id, code, token)
            SELECT 'BENCH-' || p.id, DATE '2014-01-01' + (p.id * 7919 % 4700)::int, p.id % 50 = 0,
                   CASE WHEN p.id % 50 = 0 THEN DATE '2026-01-01' END,
                   CASE WHEN p.id % 50 = 0 THEN '基准' ELSE '' END,
                   1 + p.id % 10, p.id, 'B' || p.id, ''
            FROM registry_person p
            """
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE training_certificate")


def main(sizes: list[int]) -> int:
    bench_pool.ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from registry.models import Role, User

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    results = {}
    for size in sizes:
        seconds = bench_pool.load_pool(size)
        load_certificates()
        print(f"loaded {size:,} persons, pool rows and certificates in {seconds:.1f} s (pool)", flush=True)
        User.objects.filter(username="bench.province").delete()
        province = User.objects.create_user("bench.province", role=Role.PROVINCE, last_name="省局")
        client = Client()
        client.force_login(province)
        computed = [("dashboard, computed", reverse("home")), ("pool list, page 1", reverse("pool:list"))]
        cached = [("dashboard, cached", reverse("home"))]
        cache_seconds = settings.DASHBOARD_CACHE_SECONDS
        settings.DASHBOARD_CACHE_SECONDS = 0  # every request computes every figure
        results[size] = bench_pool.measure_interleaved({label: client for label, _ in computed}, computed)
        settings.DASHBOARD_CACHE_SECONDS = cache_seconds or 300
        results[size] |= bench_pool.measure_interleaved({label: client for label, _ in cached}, cached)
        for label, (median, own, total, status) in results[size].items():
            print(f"  {label:<28} {median:9.1f} ms  {own:>2} queries ({total} in all)  HTTP {status}", flush=True)
    print()
    print("| page | " + " | ".join(f"{size:,}: ms (queries)" for size in sizes) + " |")
    print("|" + "---|" * (len(sizes) + 1))
    for label in next(iter(results.values())):
        print(
            f"| {label} | " + " | ".join(f"{results[s][label][0]:.1f} ({results[s][label][1]})" for s in sizes) + " |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main([int(arg) for arg in sys.argv[1:]] or [int(os.environ.get("BENCH_SIZE", 20000))]))
