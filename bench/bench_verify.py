"""Benchmark: public certificate verification under gunicorn against `/healthz` in the same run, and issuing
1,000 certificates with their PDFs.

Its own PostgreSQL database (BENCH_VERIFY_DATABASE, default `cqo_bench_verify`) holds one entrusted institution
and a cohort of 1,000 passed graduates. Each run withdraws the cohort's certificates, then times issuing them
again (one transaction: numbers, verification codes, Ed25519 signatures, the talent pool refreshed), rendering
their 1,000 PDFs, and building the cohort's zip. Then it starts gunicorn as bench_http.py does (2 sync workers,
DEBUG off, its keys, a signing key of its own) with the per-address limit of verification switched OFF
(VERIFY_LIMITS empty: with it on, one load generator's address would be refused after 20 look-ups, which is the
point of the limit, not a measure of the endpoint), and runs interleaved rounds of /healthz and the verification
endpoints with bench_http.py's load generator. Issue 12's target: the JSON endpoint at >= 35% of /healthz's
requests per second.

    .venv/bin/python bench/bench_verify.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

os.environ["BENCH_DATABASE"] = os.environ.get("BENCH_VERIFY_DATABASE", "cqo_bench_verify")
os.environ.setdefault("BENCH_PORT", "8766")
os.environ["VERIFY_LIMITS"] = ""  # the per-address limit is OFF for the measurement (see above)
os.environ["PORTAL_PUBLIC_URL"] = "https://cqo.example.gov.cn"
KEY_DIR = Path(tempfile.mkdtemp(prefix="bench-verify-"))
os.environ["CERTIFICATE_SIGNING_KEY_FILE"] = str(KEY_DIR / "bench-signing.pem")

import bench_http  # noqa: E402  (keys of its own, the bench database, the load generator and gunicorn)
import bench_pool  # noqa: E402

GRADUATES = int(os.environ.get("BENCH_CERTIFICATES", "1000"))
TARGET_SHARE = 0.35


def write_signing_key() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    Path(os.environ["CERTIFICATE_SIGNING_KEY_FILE"]).write_bytes(pem)


def prepare() -> tuple[dict, list[tuple[str, str]]]:
    """The data (created once), the timed issuing, and the endpoints to hammer."""
    bench_pool.ensure_database()
    import django

    django.setup()
    import datetime

    from django.core.management import call_command

    from registry.models import City, Education, Enterprise, TitleLevel
    from registry.services import person_register
    from registry.validators import make_credit_code
    from training.models import Certificate, CertificateBundle, Cohort, Entrustment, Graduate, Institution
    from training.services import certificate_issue_cohort
    from training.services.certificate_files import bundle_build, certificate_pdf
    from training.tests.cert_factories import resident_id

    call_command("migrate", verbosity=0)
    institution, created = Institution.objects.get_or_create(name="福建省质量技术培训中心（基准测试）")
    if created:
        Entrustment.objects.create(institution=institution, from_date=datetime.date(2015, 1, 1))
    enterprise, _ = Enterprise.objects.get_or_create(
        credit_code=make_credit_code("91350100BX0000001"),
        defaults={"name": "基准测试精密制造有限公司", "city": City.objects.get(code="350100")},
    )
    cohort, _ = Cohort.objects.get_or_create(
        code_key="BENCH-VERIFY",
        defaults={
            "institution": institution,
            "code": "BENCH-VERIFY",
            "title": "2026年度第三期企业首席质量官任职培训班",
            "start_date": datetime.date(2026, 5, 1),
            "end_date": datetime.date(2026, 6, 30),
            "hours": 48,
        },
    )
    have = Graduate.objects.filter(cohort=cohort).count()
    if have < GRADUATES:
        print(f"registering {GRADUATES - have:,} graduates ...", flush=True)
        surnames, given = "陈林黄张吴王李郑刘杨", "芳伟敏静强磊洋勇艳杰娟涛明超秀兰霞平刚华"
        for n in range(have, GRADUATES):
            person = person_register(
                actor=None,
                name=surnames[n % 10] + given[(n // 10) % 20] + given[(n // 200) % 20],
                resident_id=resident_id(900_000 + n),
                education=Education.BACHELOR,
                title_level=TitleLevel.INTERMEDIATE,
                enterprise=enterprise,
            )
            Graduate.objects.create(
                cohort=cohort,
                person=person,
                enterprise=enterprise,
                enterprise_name=enterprise.name,
                education=person.education,
                title_level=person.title_level,
                passed=True,
            )
    # Withdraw last run's certificates (bench data only: the portal itself never deletes one), then time issuing.
    CertificateBundle.objects.filter(cohort=cohort).delete()
    Certificate.history.filter(cohort_id=cohort.pk).delete()
    Certificate.objects.filter(cohort=cohort).delete()
    timings = {}
    started = time.perf_counter()
    issued = certificate_issue_cohort(cohort=cohort, issued_on=datetime.date(2026, 7, 10), actor=None).certificates
    timings["issue"] = time.perf_counter() - started
    certificates = list(
        Certificate.objects.filter(cohort=cohort).select_related("person", "institution", "cohort").order_by("number")
    )
    started = time.perf_counter()
    pdf_bytes = sum(len(certificate_pdf(certificate)) for certificate in certificates)
    timings["pdf"] = time.perf_counter() - started
    bundle = CertificateBundle.objects.create(
        cohort=cohort, requested_by=_bench_user(), progress_total=len(certificates)
    )
    started = time.perf_counter()
    bundle = bundle_build(bundle_id=bundle.pk)
    timings["zip"] = time.perf_counter() - started
    timings.update(count=len(issued), pdf_kb=pdf_bytes / len(certificates) / 1024, zip_mb=bundle.file.size / 2**20)
    bundle.file.delete(save=False)

    sample = certificates[len(certificates) // 2]
    holder = sample.person.name
    api = "/api/v1/certificates/verify"
    endpoints = [
        ("/healthz", "/healthz"),
        ("JSON verify: valid", f"{api}?{urlencode({'number': sample.number, 'name': holder})}"),
        ("JSON verify: not found", f"{api}?{urlencode({'number': 'FJCQO-999-2026-9999', 'name': '王芳'})}"),
        ("/verify/ page: number + name", f"/verify/?{urlencode({'number': sample.number, 'name': holder})}"),
        ("/verify/<token>/ (QR link)", f"/verify/{quote(sample.token)}/"),
    ]
    return timings, endpoints


def _bench_user():
    from registry.models import Role, User

    user, _ = User.objects.get_or_create(username="bench.verify", defaults={"role": Role.PROVINCE})
    return user


def main() -> int:
    write_signing_key()
    timings, endpoints = prepare()
    count = timings["count"]
    per_thousand = 1000 / count
    print()
    print(f"issuing {count:,} certificates (PostgreSQL, one transaction, talent pool refreshed in it)")
    print("| step | seconds | seconds per 1,000 |")
    print("| --- | --- | --- |")
    print(
        f"| issue (numbers, codes, Ed25519 signatures, history, pool) | {timings['issue']:.1f} | "
        f"{timings['issue'] * per_thousand:.1f} |"
    )
    print(
        f"| render PDFs ({timings['pdf_kb']:.0f} KB each) | {timings['pdf']:.1f} | {timings['pdf'] * per_thousand:.1f} |"
    )
    print(
        f"| zip of the cohort's PDFs, with progress ({timings['zip_mb']:.1f} MB) | {timings['zip']:.1f} | "
        f"{timings['zip'] * per_thousand:.1f} |"
    )
    total = timings["issue"] + timings["pdf"]
    print(f"| issue + PDFs | {total:.1f} | {total * per_thousand:.1f} |")
    print(flush=True)

    samples = bench_http.run_rounds(bench_http.start_gunicorn(), endpoints, "")
    shares, _failed = bench_http.report(samples, "; verification rate limit OFF (VERIFY_LIMITS empty)")
    worst = min(shares["JSON verify: valid"], shares["JSON verify: not found"])
    verdict = "meets" if worst >= TARGET_SHARE else "MISSES"
    print(f"\nJSON verification at {worst:.1%} of /healthz (worst of valid / not found): {verdict} the 35% target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
