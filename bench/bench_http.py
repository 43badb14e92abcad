"""Benchmark: the portal's pages under gunicorn against `/healthz` in the same run.

Starts gunicorn on loopback (2 sync workers, DEBUG off, keys of its own, static files collected) on the bench
database as bench_pool.py loaded it (loading BENCH_SIZE persons first if the pool holds another number), signs in
as provincial staff through a session of its own, then runs ROUNDS interleaved rounds: in each, every endpoint for
SECONDS with CONNECTIONS connections. The load comes from wrk (one thread, Debian's package) when it is on the PATH,
as the issue measured, else from CONNECTIONS Python client processes (each one http.client connection, kept alive
where the server allows; gunicorn's sync workers close it after each answer, as behind nginx). wrk costs the shared
cores far less per request than Python clients do, so its shares are the stricter ones; BENCH_LOAD=python forces
the Python clients. Prints, per endpoint, its requests per second as a share of `/healthz`'s in the same rounds and
its median latency.

    .venv/bin/python bench/bench_http.py                    # the pool as loaded (20,000 if empty)
    BENCH_SIZE=1000000 .venv/bin/python bench/bench_http.py
"""

from __future__ import annotations

import base64
import http.client
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# Keys of this run's own (never the printed development ones): the session signed in here is read by gunicorn.
KEYS = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    "ID_HASH_KEY": secrets.token_urlsafe(32),
}
os.environ.update(KEYS)
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

import bench_pool  # noqa: E402  (sets DATABASE_URL to the bench database, and drops REDIS_URL)

# As deployed (README): Redis holds the cache and, through it, the sessions (cached_db). Both this process, which
# signs the benchmark's session in, and gunicorn read these. Set after bench_pool's import, which removes REDIS_URL
# for its own in-process runs: set before it, the pages ran on database sessions and a per-process cache.
os.environ["REDIS_URL"] = REDIS_URL
os.environ.setdefault("CACHE_KEY_PREFIX", "cqo-bench")

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
WORKERS = 2
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WRK = shutil.which("wrk") if os.environ.get("BENCH_LOAD", "wrk") == "wrk" else None
HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


def _client(args) -> tuple[int, list[float], int]:
    """One connection hitting `path` until `deadline`: (answers, latencies in ms, non-200 answers)."""
    path, cookie, deadline = args
    headers = {"Cookie": cookie, **HEADERS, "Connection": "keep-alive"}
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    latencies, failures = [], 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            connection.close()
            failures += 1
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            failures += 1
        if response.getheader("Connection", "").lower() == "close":
            connection.close()  # http.client opens a new one on the next request
    connection.close()
    return len(latencies), latencies, failures


def _status(path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, **HEADERS})
        return connection.getresponse().status
    finally:
        connection.close()


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(path: str, cookie: str) -> tuple[float, list[float], int]:
    """wrk's requests per second and its 50th and 99th percentiles (as a two-point latency list), and the non-200
    answers: wrk counts only 4xx and 5xx, so the page is also asked once before and once after, as the benchmark's
    session, and a redirect there counts as a failure."""
    failures = int(_status(path, cookie) != 200)
    command = [WRK, "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s", "--latency", "-H", f"Cookie: {cookie}"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        command + [f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {
        int(p): float(v) * _UNITS_MS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    failures += int(errors.group(1)) if errors else 0
    failures += int(_status(path, cookie) != 200)
    return rate, [percentiles.get(50, float("nan")), percentiles.get(99, float("nan"))], failures


def hammer(pool, path: str, cookie: str) -> tuple[float, list[float], int]:
    if WRK:
        return _wrk(path, cookie)
    deadline = time.perf_counter() + SECONDS
    results = pool.map(_client, [(path, cookie, deadline)] * CONNECTIONS)
    answers = sum(count for count, _, _ in results)
    return answers / SECONDS, [ms for _, latencies, _ in results for ms in latencies], sum(f for *_, f in results)


def prepare() -> tuple[str, list[tuple[str, str]]]:
    """Load the pool if needed; a signed-in session's cookie and the endpoints, /healthz first."""
    bench_pool.ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse

    from cqo_portal.keyset import encode_cursor
    from pool.filters import DEFAULT_SORT, SORT_ORDERS
    from pool.models import PoolEntry
    from registry.models import Appointment, Role, User

    if not settings.SESSION_ENGINE.endswith("cached_db"):  # not as deployed: the figures would not be the portal's
        raise SystemExit(f"bench_http: sessions are {settings.SESSION_ENGINE}, not cached_db on Redis")
    call_command("migrate", verbosity=0)
    size = int(os.environ.get("BENCH_SIZE", "0"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_poolentry")
        loaded = cursor.fetchone()[0]
    if (size and loaded != size) or not loaded:
        size = size or 20_000
        print(f"loading {size:,} persons ...", flush=True)
        bench_pool.load_pool(size)
        loaded = size
    print(f"pool: {loaded:,} rows", flush=True)
    province, _ = User.objects.get_or_create(username="bench.http", defaults={"role": Role.PROVINCE})
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(province.pk)
    # The backend that loads users (the last one: axes' only refuses sign-ins); a session naming a backend the
    # settings do not list is signed out, and every page would answer 302.
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = province.get_session_auth_hash()
    store.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"

    pool = reverse("pool:list")
    fields = SORT_ORDERS[DEFAULT_SORT].fields
    deep = min(bench_pool.DEEP_PAGE, loaded // bench_pool.PAGE)
    row = PoolEntry.objects.order_by(*fields).values_list(*fields)[(deep - 1) * bench_pool.PAGE - 1]
    common = (
        PoolEntry.objects.filter(name__regex=r"^...$")
        .values("name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("name", flat=True)[:1]
    )
    filters = {"industry_section": "C", "eligibility": "eligible", "q": "王芳"}
    endpoints = [
        ("/healthz", "/healthz"),
        ("/pool/ page 1", pool),
        ("/pool/ 王芳 + two filters", f"{pool}?{urlencode(filters)}"),
        (f"/pool/ most common 3-char name {common[0]}", f"{pool}?{urlencode({'q': common[0]})}"),
        ("/pool/ surname 王", f"{pool}?{urlencode({'q': '王'})}"),
        (f"/pool/ cursor at row {(deep - 1) * bench_pool.PAGE:,}", f"{pool}?after={encode_cursor(list(row))}"),
        ("/ (province home)", "/"),
        ("/enterprises/", "/enterprises/"),
        ("/api/v1/persons", "/api/v1/persons"),
        # The floors every signed-in page stands on: session, user, the layout and its menu, the unread count; then
        # the smallest list (the user's notices, with its filter form and capped count).
        ("/accounts/password/ (the layout, a small form)", reverse("password_change")),
        ("/notices/ (the layout, a short list)", reverse("registry:notice-list")),
    ]
    appointment = Appointment.objects.order_by("pk").first() or _bench_appointment()
    endpoints.insert(5, ("/appointments/<id>/", f"/appointments/{appointment.pk}/"))
    return cookie, endpoints


def _bench_appointment():
    """The loader writes no appointments: one acknowledged filing of the first person, with a verdict, so the
    detail page shows what a city clerk reads."""
    import datetime

    from eligibility.facts import verdict_for
    from eligibility.rules import verdict_to_dict
    from registry.models import Appointment, AppointmentStatus, Person

    person = Person.objects.select_related("enterprise").order_by("pk").first()
    verdict = verdict_for(person, enterprise=person.enterprise, as_of=datetime.date(2025, 1, 1))
    return Appointment.objects.create(
        enterprise=person.enterprise,
        person=person,
        appointed_by="张总",
        appointed_on=datetime.date(2025, 1, 1),
        letter="bench/letter.pdf",
        status=AppointmentStatus.ACKNOWLEDGED,
        verdict=verdict_to_dict(verdict),
        verdict_status=verdict.status,
    )


def start_gunicorn() -> subprocess.Popen:
    environment = {
        **os.environ,
        "DEBUG": "0",
        **KEYS,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    # DEBUG off serves the hashed names of the manifest storage: collected with the same settings.
    manage = [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(manage, cwd=ROOT, env=environment, check=True)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cqo_portal.wsgi",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--error-logfile",
            os.environ.get("BENCH_GUNICORN_LOG", "/tmp/bench_http_gunicorn.log"),
        ],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run_rounds(server: subprocess.Popen, endpoints: list[tuple[str, str]], cookie: str) -> dict[str, list]:
    """A warm-up pass, then ROUNDS interleaved rounds of every endpoint; stops `server` at the end."""
    samples: dict[str, list[tuple[float, list[float], int]]] = {label: [] for label, _ in endpoints}
    try:
        with multiprocessing.get_context("fork").Pool(CONNECTIONS) as pool:
            for _label, path in endpoints:  # warm-up: each worker's caches and connections
                hammer(pool, path, cookie)
            for round_number in range(1, ROUNDS + 1):
                for label, path in endpoints:
                    samples[label].append(hammer(pool, path, cookie))
                print(f"round {round_number}/{ROUNDS} done", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return samples


def report(samples: dict[str, list], note: str = "") -> tuple[dict[str, float], int]:
    """Print the table (each round's rate against /healthz's in the same round, then the median of those ratios);
    return each endpoint's share and the number of answers other than 200."""
    base = [rate for rate, _, _ in samples["/healthz"]]
    load = "wrk -t1" if WRK else f"{CONNECTIONS} Python client processes"
    print()
    print(
        f"gunicorn {WORKERS} sync workers, DEBUG off, {load}, {CONNECTIONS} connections, {ROUNDS} rounds x {SECONDS:g} s{note}"
    )
    print("| endpoint | req/s | share of /healthz req/s | p50 ms | p99 ms | non-200 |")
    print("| --- | --- | --- | --- | --- | --- |")
    shares, failed = {}, 0
    for label, rounds in samples.items():
        rate = statistics.median(r for r, _, _ in rounds)
        share = shares[label] = statistics.median(r / b for (r, _, _), b in zip(rounds, base, strict=True) if b)
        if WRK:  # wrk's own percentiles per round: their medians over the rounds
            p50 = statistics.median(lat[0] for _, lat, _ in rounds)
            p99 = statistics.median(lat[1] for _, lat, _ in rounds)
        else:
            latencies = sorted(ms for _, lat, _ in rounds for ms in lat)
            p50 = statistics.median(latencies) if latencies else float("nan")
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
        failures = sum(f for *_, f in rounds)
        print(f"| {label} | {rate:.0f} | {share:.1%} | {p50:.1f} | {p99:.1f} | {failures} |")
        failed += failures
    return shares, failed


def main() -> int:
    cookie, endpoints = prepare()
    _shares, failed = report(run_rounds(start_gunicorn(), endpoints, cookie))
    if failed:  # a page that answers a redirect or an error is not the page being measured
        print(f"{failed} answers were not HTTP 200: these figures do not measure the pages")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
