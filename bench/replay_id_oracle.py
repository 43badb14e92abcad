"""Replays issue 8's ID-oracle attack on a database with the demo data (not part of `make bench`).

As a city bureau and then as an enterprise, it rebuilds the candidates for the full ID of a real person outside
the attacker's scope from the masked ID and the birth year, submits them through every form that takes a typed
ID, and prints: how many it submitted, how many were answered before the limit, whether any answer told the real
ID apart, how many access-log rows were written and how long it took.

    DEBUG=1 DATABASE_URL=postgres://... python manage.py seed_demo
    DEBUG=1 DATABASE_URL=postgres://... python bench/replay_id_oracle.py

It registers persons and drafts for the candidates the enterprise may register: run it on a throw-away database.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqo_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from registry import crypto  # noqa: E402
from registry.letters import minimal_pdf  # noqa: E402
from registry.models import AccessAction, AccessLog, Person, User  # noqa: E402
from registry.validators import make_resident_id  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
ANSWER = re.compile(r"<(?:div|span|p)[^>]*(?:invalid-feedback|alert-danger)[^>]*>(.*?)</", re.S)


def candidates(masked: str, birth_year: int) -> list[str]:
    """Every valid ID with this mask and birth year: the district's two digits and the birth date are hidden."""
    prefix, sequence, check = masked[:4], masked[-4:-1], masked[-1]
    found = []
    for district in range(1, 100):
        day = datetime.date(birth_year, 1, 1)
        while day.year == birth_year:
            number = make_resident_id(f"{prefix}{district:02d}{day:%Y%m%d}{sequence}")
            if number[-1] == check:
                found.append(number)
            day += datetime.timedelta(days=1)
    return found


def fingerprint(response, number: str) -> str:
    """The answer as the attacker sees it: status and page, without the per-request CSRF token and the number
    the form echoes back; a server error counts as one answer (its debug page differs on every request)."""
    if response.status_code >= 500:
        return "500"
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode()).replace(number, "")
    location = re.sub(r"\d+", "N", response.get("Location", ""))  # a new draft's pk is not an answer
    return hashlib.sha256(f"{response.status_code}{location}{html}".encode()).hexdigest()


def messages_of(response) -> str:
    if response.status_code >= 500:
        return "500 server error"
    return " | ".join(sorted({m.strip() for m in ANSWER.findall(response.content.decode()) if m.strip()}))[:160]


def replay(label: str, user: User, target: Person, post) -> None:
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    client.force_login(user)
    real = crypto.decrypt(target.resident_id_encrypted)
    numbers = candidates(target.resident_id_masked, target.birth_year)
    rows_before = AccessLog.objects.filter(actor=user).count()
    answers, real_answer, started = {}, None, time.perf_counter()
    for number in numbers:
        response = post(client, number)
        print_ = fingerprint(response, number)
        answers.setdefault(print_, [0, messages_of(response) or str(response.status_code)])[0] += 1
        if number == real:
            real_answer = print_
            print(f"the real ID's answer: {answers[print_][1]}")
    elapsed = time.perf_counter() - started
    rows = AccessLog.objects.filter(actor=user).count() - rows_before
    lookups = AccessLog.objects.filter(actor=user, action=AccessAction.LOOKUP).count()
    scope = target.enterprise.city.name if target.enterprise else "无工作单位"
    print(f"\n== {label}: target {target.name} {target.resident_id_masked}, born {target.birth_year}, {scope}")
    print(f"candidates submitted: {len(numbers)} in {elapsed:.1f} s ({len(numbers) / elapsed:.0f}/s)")
    print(f"real ID at position {numbers.index(real) + 1}; distinct answers: {len(answers)}")
    for count, text in sorted(answers.values(), reverse=True):
        print(f"- {count:5d} x {text}")
    told_apart = real_answer is not None and answers[real_answer][0] == 1
    print(f"answer to the real ID unique (a hit told apart): {'YES' if told_apart else 'no'}")
    print(f"access-log rows written: {rows} (look-ups by this account in total: {lookups})")


def finding_form(client: Client, number: str):
    data = {"resident_id": number, "item": "2", "decided_on": "2025-03-01", "note": ""}
    data["evidence"] = SimpleUploadedFile("决定书.pdf", PDF)
    return client.post(reverse("registry:finding-create"), data)


def registration_form(client: Client, number: str):
    return client.post(
        reverse("registry:appointment-create"),
        {
            "person-existing": "",
            "person-name": "许明",
            "person-resident_id": number,
            "person-education": "associate",
            "person-title_level": "assistant",
            "periods-TOTAL_FORMS": "1",
            "periods-INITIAL_FORMS": "0",
            "appointment-appointed_by": "许海",
            "appointment-appointed_on": datetime.date.today().isoformat(),
            "appointment-duties": ["strategy", "qms"],
            "appointment-letter": SimpleUploadedFile("letter.pdf", minimal_pdf(), content_type="application/pdf"),
        },
    )


def main() -> None:
    which = sys.argv[1:] or ["city", "enterprise"]
    city = User.objects.get(username="city-350100")
    outside_city = Person.objects.exclude(enterprise__city=city.city).exclude(enterprise=None).order_by("pk").first()
    if "city" in which:
        replay("city bureau, finding form", city, outside_city, finding_form)
    enterprise = User.objects.get(username="enterprise")
    other = Person.objects.exclude(enterprise=enterprise.enterprise).exclude(enterprise=None).order_by("-pk").first()
    if "enterprise" in which:
        replay("enterprise, registration of a new CQO", enterprise, other, registration_form)


if __name__ == "__main__":
    main()
