"""Double submissions against a running portal (issue 8, finding 5): two signed-in sessions POST the same thing
at the same moment, N rounds each, and the figures say how many answers were 500 and how many rows were written.

Run from the checkout being measured, against its database, with the portal serving that database:

    DATABASE_URL=postgres://... .venv/bin/python bench/race_probe.py --base http://127.0.0.1:8771 --rounds 10

It signs in as the demo users of `seed_demo` (province, city-350100, enterprise), and records the findings it
lifts through the service first. Not part of `make bench` (it needs a live server).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import os
import re
import sys
import threading
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqo_portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402

from registry import crypto  # noqa: E402
from registry.letters import minimal_pdf  # noqa: E402
from registry.models import City, Enterprise, Person, User  # noqa: E402
from registry.services import finding_record  # noqa: E402
from registry.validators import make_credit_code, make_resident_id  # noqa: E402

PASSWORD = "cqo-demo-2026"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/")
    token = TOKEN.search(page.text).group(1)
    session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"cannot sign in as {username}")
    return session


def race(base: str, sessions, path: str, data: dict, files=None) -> list[int]:
    """Each session fetches the form (its CSRF token), then all POST at the same moment; their status codes."""
    barrier = threading.Barrier(len(sessions))
    statuses = [0] * len(sessions)

    def run(index, session):
        token = TOKEN.search(session.get(f"{base}{path}").text).group(1)
        body = {**data, "csrfmiddlewaretoken": token}
        uploads = {name: (filename, content) for name, (filename, content) in (files or {}).items()}
        barrier.wait()
        response = session.post(
            f"{base}{path}", data=body, files=uploads, headers={"Referer": f"{base}{path}"}, allow_redirects=False
        )
        statuses[index] = response.status_code

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def report(title: str, statuses: list[list[int]], rows: list[int], row_word: str) -> None:
    answers = collections.Counter(code for pair in statuses for code in pair)
    doubled = sum(1 for n in rows if n != 1)
    print(
        f"{title}: {len(statuses)} rounds; answers {dict(sorted(answers.items()))}; "
        f"500s {answers[500]}; {row_word} written per round {rows}; rounds with other than one: {doubled}"
    )


def persons(base: str, rounds: int, tag: int) -> None:
    sessions = [sign_in(base, "enterprise"), sign_in(base, "enterprise")]
    statuses, rows = [], []
    for round_ in range(rounds):
        number = make_resident_id(f"35020319{70 + tag:02d}0303{round_:03d}")
        data = {
            "person-existing": "",
            "person-name": "许明",
            "person-resident_id": number,
            "person-education": "associate",
            "person-title_level": "assistant",
            "periods-TOTAL_FORMS": "1",
            "periods-INITIAL_FORMS": "0",
            "periods-0-start": "2015-01-01",
            "periods-0-employer": "试验企业",
            "appointment-appointed_by": "许海",
            "appointment-appointed_on": datetime.date.today().isoformat(),
            "appointment-duties": ["strategy", "qms"],
        }
        files = {"appointment-letter": ("letter.pdf", minimal_pdf("race"))}
        statuses.append(race(base, sessions, "/appointments/new/", data, files))
        rows.append(Person.objects.filter(resident_id_hash=crypto.keyed_hash(number)).count())
    report("same new resident ID", statuses, rows, "persons")


def enterprises(base: str, rounds: int, tag: int) -> None:
    sessions = [sign_in(base, "province"), sign_in(base, "city-350100")]
    city = City.objects.get(code="350100")
    statuses, rows = [], []
    for round_ in range(rounds):
        code = make_credit_code(f"91350100RC{tag:02d}{round_:05d}")
        data = {"credit_code": code, "city": city.pk, "name": f"并发试验企业{tag}-{round_}", "industry_section": "C"}
        statuses.append(race(base, sessions, "/enterprises/new/", data))
        rows.append(Enterprise.objects.filter(credit_code=code).count())
    report("same credit code", statuses, rows, "enterprises")


def lifts(base: str, rounds: int) -> None:
    city_user = User.objects.get(username="city-350100")
    person = Person.objects.filter(enterprise__city=city_user.city).order_by("pk").first()
    sessions = [sign_in(base, "province"), sign_in(base, "city-350100")]
    statuses, rows, overwritten = [], [], 0
    for _ in range(rounds):
        finding = finding_record(
            person=person,
            actor=city_user,
            item=5,
            decided_on=datetime.date.today() - datetime.timedelta(days=30),
            evidence=ContentFile(minimal_pdf(uuid.uuid4().hex), name="evidence.pdf"),
        )
        data = {"lifted_on": datetime.date.today().isoformat(), "lifted_reason": "并发试验", "confirm": "1"}
        statuses.append(race(base, sessions, f"/findings/{finding.pk}/lift/", data))
        lifted = finding.history.filter(lifted_on__isnull=False)
        rows.append(lifted.count())
        overwritten += lifted.values("lifted_by").distinct().count() > 1
    report("two lifts of one finding", statuses, rows, "lift records")
    print(f"two lifts of one finding: rounds where lifted_by was overwritten by the second lift: {overwritten}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8771")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--tag", type=int, default=0, help="0-29: keeps the IDs and codes of repeated runs apart")
    args = parser.parse_args()
    persons(args.base, args.rounds, args.tag)
    enterprises(args.base, args.rounds, args.tag)
    lifts(args.base, args.rounds)


if __name__ == "__main__":
    main()
