"""Benchmark: candidates per second through the pure eligibility engine and through check_eligibility.

The engine is timed in-process on one core (median of several rounds over a varied,
deterministic set of candidates); the command is timed as a subprocess on a generated
10,000-candidate file, start-up included, as a script calling it would see it.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eligibility.rules import evaluate, parse_candidate, verdict_to_dict  # noqa: E402

ENGINE_CANDIDATES = 20_000
COMMAND_CANDIDATES = 10_000
ROUNDS = 5
TARGET = 20_000  # candidates/s the engine must reach (issue 3)


def iso(day: date) -> str:
    return day.isoformat()


def make_candidates(count: int, seed: int = 2014) -> list[dict]:
    """Contract-shaped candidates covering every size, ladder step and clause outcome."""
    rng = random.Random(seed)
    as_of = date(2026, 6, 30)
    candidates = []
    for n in range(count):
        periods = []
        start = as_of - timedelta(days=rng.randint(200, 7000))
        for _ in range(rng.randint(0, 3)):
            end = start + timedelta(days=rng.randint(100, 2500))
            periods.append({"start": iso(start), "end": None if rng.random() < 0.3 else iso(end)})
            start = end - timedelta(days=rng.randint(-400, 300))
        certificates = []
        for _ in range(rng.randint(0, 2)):
            issued = as_of - timedelta(days=rng.randint(-30, 3000))
            entrusted_from = issued - timedelta(days=rng.randint(-60, 2000))
            until = None if rng.random() < 0.6 else iso(issued + timedelta(days=rng.randint(-60, 900)))
            if until and until < iso(entrusted_from):
                until = iso(entrusted_from)
            certificates.append(
                {
                    "issued_on": iso(issued),
                    "revoked": rng.random() < 0.1,
                    "institution_entrusted": {"from": iso(entrusted_from), "until": until},
                }
            )
        findings = []
        if rng.random() < 0.2:
            decided = as_of - timedelta(days=rng.randint(-100, 2000))
            lifted = None if rng.random() < 0.5 else iso(decided + timedelta(days=rng.randint(0, 800)))
            findings.append({"item": rng.randint(1, 5), "decided_on": iso(decided), "lifted_on": lifted})
        candidates.append(
            {
                "id": f"B{n:06d}",
                "as_of": iso(as_of),
                "enterprise_size": rng.choice(["large", "medium", "small", "micro", "unknown"]),
                "education": rng.choice(
                    [
                        "doctorate",
                        "master",
                        "bachelor",
                        "associate",
                        "secondary_vocational",
                        "high_school",
                        "junior_high_or_below",
                    ]
                ),
                "title": rng.choice(["senior", "associate_senior", "intermediate", "assistant", "technician", "none"]),
                "quality_work": periods,
                "certificates": certificates,
                "declarations": {"ethics": rng.random() < 0.95, "laws": rng.random() < 0.95},
                "findings": findings,
            }
        )
    return candidates


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"core {core}"
    return "not pinned"


def rate(work, count: int) -> float:
    started = time.perf_counter()
    work()
    return count / (time.perf_counter() - started)


def main() -> int:
    pinned = pin_to_one_core()
    records = make_candidates(ENGINE_CANDIDATES)
    parsed = [parse_candidate(record) for record in records]

    def engine():
        for candidate in parsed:
            evaluate(candidate)

    def engine_with_json():
        for record in records:
            verdict_to_dict(evaluate(parse_candidate(record)))

    engine()  # warm-up
    evaluate_rates = [rate(engine, len(parsed)) for _ in range(ROUNDS)]
    full_rates = [rate(engine_with_json, len(records)) for _ in range(ROUNDS)]
    evaluate_median = statistics.median(evaluate_rates)
    print(f"engine ({pinned}, {len(parsed)} candidates, median of {ROUNDS}):")
    print(f"  evaluate only:                   {evaluate_median:,.0f} candidates/s")
    print(f"  parse + evaluate + verdict dict: {statistics.median(full_rates):,.0f} candidates/s")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "candidates.json"
        path.write_text(json.dumps(make_candidates(COMMAND_CANDIDATES, seed=286)), encoding="utf-8")
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "cqo_portal.settings")
        env.setdefault("SECRET_KEY", "bench-only-secret-key")
        env.setdefault("DEBUG", "1")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "manage.py", "check_eligibility", str(path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 1
    verdicts = json.loads(done.stdout)
    print(f"command (subprocess, {len(verdicts)} candidates, start-up included):")
    print(f"  {elapsed:.2f} s, {len(verdicts) / elapsed:,.0f} candidates/s")
    if evaluate_median < TARGET:
        print(f"engine below the {TARGET:,} candidates/s target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
