"""Benchmark: a one-query page under gunicorn with persistent PostgreSQL connections versus one per request.

Starts gunicorn on loopback twice (CONN_MAX_AGE=600 and 0), sends the same sequential
requests to /healthz, and prints the median requests per second of each and their ratio.
Needs PostgreSQL: DATABASE_URL, or the local default.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cqo")
REQUESTS = 400
ROUNDS = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/healthz", headers={"Host": "localhost"})
    status = conn.getresponse().status
    conn.close()
    return status


def serve_and_measure(conn_max_age: int) -> list[float]:
    port = free_port()
    env = dict(os.environ, DATABASE_URL=DATABASE_URL, CONN_MAX_AGE=str(conn_max_age), DEBUG="1", LOG_LEVEL="WARNING")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cqo_portal.wsgi",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if get(port) == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start")
        rates = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            for _ in range(REQUESTS):
                assert get(port) == 200
            rates.append(REQUESTS / (time.perf_counter() - start))
        return rates
    finally:
        server.terminate()
        server.wait(10)


if not DATABASE_URL.startswith("postgres"):
    print("bench_connections: skipped, needs PostgreSQL (set DATABASE_URL)")
    sys.exit(0)

# Alternate the two settings so both see the same machine load.
persistent, per_request = [], []
for _ in range(2):
    persistent += serve_and_measure(600)
    per_request += serve_and_measure(0)
p, r = statistics.median(persistent), statistics.median(per_request)
print(f"/healthz under gunicorn (1 sync worker), {REQUESTS} sequential requests x {2 * ROUNDS} rounds, median req/s")
print(f"  CONN_MAX_AGE=600 (persistent):  {p:8.0f} req/s")
print(f"  CONN_MAX_AGE=0   (per request): {r:8.0f} req/s")
print(f"  ratio persistent/per-request:   {p / r:8.2f} x")
