"""The training side of the demo (CONTRACT §5): the entrusted institution's open cohort DEMO-COHORT, ready for
imports; an ended cohort whose graduates came in through the graduate import (one of their employers not yet
registered, so the Fuzhou bureau has an enterprise to check); a second institution whose entrustment has ended.
Every piece is created once: a second run finds it and changes nothing."""

from __future__ import annotations

import csv
import datetime
import random
import tempfile
from pathlib import Path

from django.utils import timezone

from registry import crypto
from registry.models import Enterprise, Person, Role
from registry.validators import make_credit_code, make_resident_id
from training.certificates.signing import signing_key
from training.models import Certificate, Cohort, CohortStatus, Entrustment, Institution
from training.services import GRADUATE_COLUMNS, certificate_issue_cohort, certificate_revoke, import_graduates

DEMO_COHORT = "DEMO-COHORT"
ENDED_COHORT = "DEMO-2025-01"
ENDED_INSTITUTION = "闽南质量技术培训学校"
ENDED_INSTITUTION_LOGIN = "institution-ended"
ENDED_ENTRUSTMENT = (datetime.date(2016, 1, 1), datetime.date(2023, 12, 31))
# The ended cohort's certificates (CONTRACT §5: ended cohorts with issued certificates, one revoked).
CERTIFICATES_ISSUED_ON = datetime.date(2025, 4, 25)
REVOKED_ON = datetime.date(2025, 9, 1)
REVOKED_REASON = "演示：经核查该学员考核材料不实，撤销其结业证书"
# An employer the graduate file names that the portal does not know yet: the import creates it for its city to check.
NEW_EMPLOYER = (make_credit_code("91350100MA0000G01"), "福州演示精工装备有限公司")
GRADUATES_FROM_THE_DEMO = 8  # persons of the demo enterprises who took the ended cohort
GRADUATES_AT_THE_NEW_EMPLOYER = 2

_EDUCATION_WORDS = {
    "doctorate": "博士",
    "master": "硕士",
    "bachelor": "本科",
    "associate": "大专",
    "secondary_vocational": "中专",
    "high_school": "高中",
    "junior_high_or_below": "初中及以下",
}
_TITLE_WORDS = {
    "senior": "正高级",
    "associate_senior": "副高级",
    "intermediate": "中级",
    "assistant": "助理级",
    "technician": "员级",
    "none": "无",
}


def _cohort(institution: Institution, code: str, **fields) -> Cohort:
    """The cohort with this code, created (validated like any other) when it is not there yet."""
    cohort = Cohort.objects.filter(code=code).first()
    if cohort is None:
        cohort = Cohort(institution=institution, code=code, **fields)
        cohort.full_clean()
        cohort.save()
    return cohort


def demo_training(*, institution: Institution, persons: list[dict], seed: int) -> list[tuple[str, str, dict]]:
    """Create the training demo; `persons` are the demo's generated persons (with their plain resident IDs).
    Returns the extra accounts to open, as (username, last name, binding)."""
    today = timezone.localdate()
    _cohort(
        institution,
        DEMO_COHORT,
        title="首席质量官培训班（演示，可试用导入）",
        start_date=today - datetime.timedelta(days=14),
        end_date=today + datetime.timedelta(days=45),
        hours=40,
        location="福州市鼓楼区五四路",
        teachers="林老师、陈老师",
        syllabus="质量管理体系；质量成本；卓越绩效；质量技术基础",
        capacity=60,
        status=CohortStatus.RUNNING,
    )
    ended = _cohort(
        institution,
        ENDED_COHORT,
        title="2025年第一期首席质量官培训班",
        start_date=datetime.date(2025, 4, 7),
        end_date=datetime.date(2025, 4, 18),
        hours=40,
        location="福州市鼓楼区五四路",
        teachers="林老师、郑老师",
        capacity=50,
        status=CohortStatus.ENDED,
    )
    if not ended.graduates.exists():
        _import_graduates(ended, _graduate_rows(persons, seed))
    ended_institution, _ = Institution.objects.get_or_create(
        name=ENDED_INSTITUTION,
        defaults={"credit_code": make_credit_code("52350200MJ0000002"), "contact_name": "黄老师"},
    )
    if not ended_institution.entrustments.exists():
        Entrustment.objects.create(
            institution=ended_institution, from_date=ENDED_ENTRUSTMENT[0], until=ENDED_ENTRUSTMENT[1]
        )
    return [
        (
            ENDED_INSTITUTION_LOGIN,
            "培训机构（委托已结束）",
            {"institution": ended_institution, "role": Role.INSTITUTION},
        )
    ]


def _graduate_rows(persons: list[dict], seed: int) -> list[dict]:
    """Rows of the ended cohort's file: demo persons exactly as they are on file, then new persons at an employer
    the portal does not know yet."""
    rng = random.Random(f"{seed}-graduates")
    rows = []
    for person in persons:
        if len(rows) == GRADUATES_FROM_THE_DEMO:
            break
        on_file = Person.objects.filter(
            resident_id_hash=crypto.keyed_hash(person["resident_id"]), name=person["name"]
        ).exists()
        if not on_file:  # a generated ID that clashed with another person's: not this one
            continue
        enterprise: Enterprise = person["enterprise"]
        rows.append(_row(person, enterprise.name, enterprise.credit_code, rng))
    code, name = NEW_EMPLOYER
    for n, given in enumerate(["陈海燕", "林志强"][:GRADUATES_AT_THE_NEW_EMPLOYER]):
        number = make_resident_id(f"35010219{84 + n}0612{31 + 2 * n:03d}")
        rows.append(
            _row(
                {"name": given, "resident_id": number, "education": "bachelor", "title_level": "intermediate"},
                name,
                code,
                rng,
            )
        )
    return rows


def _row(person: dict, employer: str, code: str, rng: random.Random) -> dict:
    score = rng.randint(55, 98)
    return {
        "姓名": person["name"],
        "身份证号码": person["resident_id"],
        "工作单位": employer,
        "统一社会信用代码": code,
        "职务": person.get("position") or "质量管理",
        "学历": _EDUCATION_WORDS[str(person["education"])],
        "职称": _TITLE_WORDS[str(person["title_level"])],
        "质量工作年限": str(rng.randint(3, 20)),
        "考核成绩": str(score),
        "考核结果": "合格" if score >= 60 else "不合格",
        "手机号码": person.get("phone") or "",
    }


def _import_graduates(cohort: Cohort, rows: list[dict]) -> None:
    """Through the import (CONTRACT §3), as an institution would: a CSV file of the rows."""
    header = [column.header for column in GRADUATE_COLUMNS]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-graduates.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, restval="")
            writer.writeheader()
            writer.writerows(rows)
        result = import_graduates(cohort=cohort, path=path, actor=None)
    if result.errors:
        raise RuntimeError(f"演示学员导入失败：{result.as_json()}")


def demo_certificates(*, revoked_by) -> None:
    """The ended cohort's passed graduates get their certificates, and one is revoked (by `revoked_by`, provincial
    staff); a second run finds them and changes nothing. Without a signing key (settings without DEBUG and without
    CERTIFICATE_SIGNING_KEY_FILE) nothing is issued: `seed_demo` says so."""
    cohort = Cohort.objects.filter(code=ENDED_COHORT).first()
    if cohort is None or signing_key() is None:
        return
    if not Certificate.objects.filter(cohort=cohort).exists():
        certificate_issue_cohort(cohort=cohort, issued_on=CERTIFICATES_ISSUED_ON, actor=None)
    if not Certificate.objects.filter(cohort=cohort, revoked=True).exists():
        last = Certificate.objects.filter(cohort=cohort).order_by("-number").first()
        if last is not None:
            certificate_revoke(certificate=last, actor=revoked_by, revoked_on=REVOKED_ON, reason=REVOKED_REASON)
