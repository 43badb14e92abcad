"""Benchmark: the province's dashboard (its home page) against the talent-pool list, at scale.

The pool is loaded by bench_pool.load_pool (persons, enterprises with the post set up at 60 %, pool rows) into its
own database `cqo_bench_dashboard`; then every person gets a certificate (issued 2014-2026, one in 50 revoked) from
one of ten institutions, by INSERT ... SELECT. Each page runs in-process through Django's test Client signed in as
provincial staff, interleaved (bench_pool.measure_interleaved): the median server time and the queries it issued,
the dashboard computed on every request (DASHBOARD_CACHE_SECONDS=0) and then served from the cache.
Each enterprise with the post gets an acknowledged CQO (one of its persons, since 2016) and one enterprise in ten a
filing waiting for its city, so the appointment figures and the to-dos count over real tables.

Measured interleaved with the pool list in the same rounds: the dashboard computed on every request
(DASHBOARD_CACHE_SECONDS=0, what the beat task pays every DASHBOARD_REFRESH_MINUTES); /dashboard/ and the home page
reading the kept panel (what a clerk pays, dashboards/panels.py; the home page also counts its to-dos live); and the
beat's refresh of every scope (province and ten units). It fails when /dashboard/ is slower than the pool list.

    .venv/bin/python bench/bench_dashboard.py              # 20,000 (make bench)
    .venv/bin/python bench/bench_dashboard.py 20000 1000000
"""

from __future__ import annotations

import os
import sys
import time
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
        cursor.execute("TRUNCATE registry_appointment, registry_historicalappointment RESTART IDENTITY CASCADE")
        # Person e works at enterprise e (bench_pool.load_pool: person g at enterprise 1 + g % enterprises).
        cursor.execute(
            """
            INSERT INTO registry_appointment (appointed_by, appointed_on, decision_level, allowance, duties, letter,
                status, rule_set, verdict_status, submitted_at, reviewed_at, return_reason, end_reason, end_note,
                created_at, updated_at, enterprise_id, person_id, registered_person)
            SELECT '法定代表人', DATE '2016-01-01' + (e.id * 7919 % 3600)::int, true, false, '[]', '',
                   CASE WHEN e.id % 10 = 0 THEN 'submitted' ELSE 'acknowledged' END, '', 'eligible',
                   now() - interval '30 days', CASE WHEN e.id % 10 = 0 THEN NULL ELSE now() - interval '20 days' END,
                   '', '', '', now(), now(), e.id, e.id, true
            FROM registry_enterprise e WHERE e.cqo_post_established
            """
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE training_certificate")
        cursor.execute("VACUUM ANALYZE registry_appointment")


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
    from dashboards import panels

    results, ratios, homes, refreshes, failures = {}, {}, {}, {}, []
    for size in sizes:
        seconds = bench_pool.load_pool(size)
        load_certificates()
        print(f"loaded {size:,} persons, pool rows and certificates in {seconds:.1f} s (pool)", flush=True)
        User.objects.filter(username="bench.province").delete()
        province = User.objects.create_user("bench.province", role=Role.PROVINCE, last_name="省局")
        client = Client()
        client.force_login(province)
        client.get(reverse("home"))  # the first sign-in's session writes are not part of a page view
        pool = ("pool list, page 1", reverse("pool:list"))
        cache_seconds = settings.DASHBOARD_CACHE_SECONDS or 900
        settings.DASHBOARD_CACHE_SECONDS = 0  # every request computes every figure
        computed = bench_pool.measure_interleaved(
            {"dashboard, computed": client, pool[0]: client}, [("dashboard, computed", reverse("home")), pool]
        )
        settings.DASHBOARD_CACHE_SECONDS = cache_seconds
        started = time.perf_counter()
        scopes = panels.refresh_all()
        refresh = (time.perf_counter() - started) * 1000
        kept = [("dashboard page, kept panel", reverse("dashboards:dashboard")), ("home, kept panel", reverse("home"))]
        cached = bench_pool.measure_interleaved({label: client for label, _ in [*kept, pool]}, [*kept, pool])
        results[size] = {
            "dashboard, computed": computed["dashboard, computed"],
            "pool list (beside computed)": computed[pool[0]],
            **{label: cached[label] for label, _ in kept},
            "pool list (beside kept panel)": cached[pool[0]],
        }
        for label, (median, own, total, status) in results[size].items():
            print(f"  {label:<30} {median:9.1f} ms  {own:>2} queries ({total} in all)  HTTP {status}", flush=True)
        ratio = cached["dashboard page, kept panel"][0] / cached[pool[0]][0]
        home = cached["home, kept panel"][0] / cached[pool[0]][0]
        print(f"  dashboard page / pool list: {ratio:.2f}; home page (panel + live to-dos) / pool list: {home:.2f}")
        print(f"  beat refresh of {scopes} panels: {refresh:.0f} ms", flush=True)
        ratios[size], homes[size], refreshes[size] = ratio, home, refresh
        failures += [f"{size:,}: the dashboard {ratio:.2f}x the pool list"] if ratio > 1 else []
    print()
    print("| page | " + " | ".join(f"{size:,}: ms (queries)" for size in sizes) + " |")
    print("|" + "---|" * (len(sizes) + 1))
    for label in next(iter(results.values())):
        print(
            f"| {label} | " + " | ".join(f"{results[s][label][0]:.1f} ({results[s][label][1]})" for s in sizes) + " |"
        )
    print("| dashboard page (kept panel) / pool list | " + " | ".join(f"{ratios[s]:.2f}" for s in sizes) + " |")
    print("| home page (kept panel + live to-dos) / pool list | " + " | ".join(f"{homes[s]:.2f}" for s in sizes) + " |")
    print("| beat refresh, 11 panels (ms) | " + " | ".join(f"{refreshes[s]:.0f}" for s in sizes) + " |")
    for failure in failures:
        print(f"FAIL: {failure} (target: under the pool list's latency)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main([int(arg) for arg in sys.argv[1:]] or [int(os.environ.get("BENCH_SIZE", 20000))]))
