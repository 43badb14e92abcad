"""Deterministic demo data: reporting units' enterprises with profiles, two persons each, institutions with cohorts and
graduates (demo_training.py) and every role's login."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from registry import crypto
from registry.letters import minimal_pdf
from registry.models import (
    AccountApplication,
    Appointment,
    City,
    Education,
    Enterprise,
    Person,
    Role,
    TitleLevel,
    User,
)
from registry.reporting_units import ensure_reporting_units
from registry.services import (
    application_submit,
    appointment_acknowledge,
    appointment_submit,
    enterprise_register,
    person_register,
)
from registry.validators import make_credit_code, make_resident_id
from training.models import Certificate, Entrustment, Institution

from .demo_activities import demo_activities
from .demo_filings import demo_filings
from .demo_training import demo_certificates, demo_training

# Demo passwords are printed by seed_demo; they exist only for demo and test databases.
DEMO_PASSWORD = "cqo-demo-2026"

DEMO_INSTITUTION = "福建省质量管理协会培训中心"

_NAME_PARTS = [
    "闽兴",
    "海峡",
    "东南",
    "榕辉",
    "鹭港",
    "清源",
    "武夷",
    "九龙",
    "丹霞",
    "三江",
    "华安",
    "鼎盛",
    "泰和",
    "永安",
    "宏图",
]
_INDUSTRY_PARTS = [
    "机械制造",
    "电子科技",
    "食品",
    "纺织",
    "建材",
    "新材料",
    "医药",
    "汽车配件",
    "物流",
    "软件",
    "化工",
    "陶瓷",
]
# Registration authority 9 (市场监管) and type 1 (企业), as on a business licence.
_CREDIT_PREFIX = "91"
# What each kind of enterprise files: GB/T 4754 section and division, and the typical range of
# employees, revenue (万元) and total assets (万元), so the sizes spread over the four classes.
_INDUSTRY_PROFILE = {
    "机械制造": ("C", "34"),
    "电子科技": ("C", "39"),
    "食品": ("C", "14"),
    "纺织": ("C", "17"),
    "建材": ("C", "30"),
    "新材料": ("C", "26"),
    "医药": ("C", "27"),
    "汽车配件": ("C", "36"),
    "物流": ("G", "59"),
    "软件": ("I", "65"),
    "化工": ("C", "26"),
    "陶瓷": ("C", "30"),
}
_SCALES = [(8, 200), (25, 800), (60, 1500), (150, 5000), (400, 20000), (1200, 60000)]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林郑谢罗高叶"
_GIVEN = [
    "芳",
    "伟",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "志强",
    "海燕",
    "晓东",
    "丽娟",
    "国栋",
    "文斌",
]
_POSITIONS = ["质量总监", "质量部经理", "品质经理", "技术副总经理", "质量管理部部长"]
_TITLE_SERIES = ["工程师系列", "经济师系列", "质量工程师系列"]
_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


def _enterprise_rows(count: int, seed: int, cities: list[City]):
    rng = random.Random(seed)
    seen_codes: set[str] = set()
    for i in range(count):
        city = cities[i % len(cities)]
        brand, industry = rng.choice(_NAME_PARTS), rng.choice(_INDUSTRY_PARTS)
        name = f"{city.name.removesuffix('市')}{brand}{industry}有限公司{i + 1:04d}"
        while True:
            body = _CREDIT_PREFIX + city.code + "".join(rng.choice(_ORG_ALPHABET) for _ in range(9))
            code = make_credit_code(body)
            if code not in seen_codes:
                seen_codes.add(code)
                break
        yield code, name, city, industry


def _profile(code: str, industry: str, name: str, seed: int) -> dict:
    """A filed profile, drawn from its own generator so adding fields never changes names or codes."""
    rng = random.Random(f"{seed}-{code}")
    section, division = _INDUSTRY_PROFILE[industry]
    employees, revenue = rng.choice(_SCALES)
    employees = int(employees * rng.uniform(0.8, 1.6))
    revenue = Decimal(int(revenue * rng.uniform(0.7, 1.5)))
    return {
        "industry_section": section,
        "industry_division": division,
        "employees": employees,
        "revenue": revenue,
        "total_assets": (revenue * Decimal("0.8")).quantize(Decimal("1")),
        "address": f"{name[:2]}市高新技术产业园{rng.randint(1, 99)}号",
        "legal_representative": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
        "cqo_post_established": rng.random() < 0.6,
        "cqo_empowered": rng.random() < 0.4,
    }


def _persons(enterprise: Enterprise, seed: int):
    """Two people per enterprise with valid resident IDs born in the enterprise's city."""
    rng = random.Random(f"{seed}-persons-{enterprise.credit_code}")
    for n in range(2):
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 30))
        sequence = rng.randrange(0, 500) * 2 + rng.choice((0, 1))  # the parity is the gender
        number = make_resident_id(f"{enterprise.city.code[:4]}02{birth:%Y%m%d}{sequence:03d}")
        started = datetime.date(birth.year + 23, rng.randint(1, 12), 1)
        yield {
            "name": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
            "resident_id": number,
            "education": rng.choice(
                [
                    Education.MASTER,
                    Education.BACHELOR,
                    Education.BACHELOR,
                    Education.ASSOCIATE,
                    Education.SECONDARY_VOCATIONAL,
                ]
            ),
            "title_level": rng.choice(
                [
                    TitleLevel.ASSOCIATE_SENIOR,
                    TitleLevel.INTERMEDIATE,
                    TitleLevel.INTERMEDIATE,
                    TitleLevel.ASSISTANT,
                    TitleLevel.NONE,
                ]
            ),
            "title_series": rng.choice(_TITLE_SERIES),
            "phone": f"13{rng.randrange(0, 10**9):09d}",
            "enterprise": enterprise,
            "position": _POSITIONS[n] if n < len(_POSITIONS) else "",
            "declared_ethics": True,
            "declared_laws": True,
            "declared_conduct": True,
            "declared_on": datetime.date(2025, 3, 1),
            "quality_work": [{"start": started, "employer": enterprise.name, "position": "质量管理"}],
        }


@transaction.atomic
def demo_seed(*, enterprises: int = 40, seed: int = 2014) -> list[DemoLogin]:
    """Create (or leave as they are) the demo organisations and one login per role and reporting unit."""
    ensure_reporting_units(City)
    cities = list(City.objects.order_by("order"))
    existing = set(Enterprise.objects.values_list("credit_code", flat=True))
    demo_codes = []
    for code, name, city, industry in _enterprise_rows(enterprises, seed, cities):
        demo_codes.append(code)
        if code not in existing:
            enterprise_register(
                actor=None, credit_code=code, name=name, city=city, **_profile(code, industry, name, seed)
            )
    known_ids = set(Person.objects.values_list("resident_id_hash", flat=True))
    generated = []  # every demo person as generated, with the plain resident ID the training demo's file needs
    for enterprise in (
        Enterprise.objects.filter(credit_code__in=demo_codes).select_related("city").order_by("credit_code")
    ):
        for person in _persons(enterprise, seed):
            generated.append(person)
            # Known by the keyed hash: a second run, or a clash of generated IDs, adds no one.
            id_hash = crypto.keyed_hash(person["resident_id"])
            if id_hash not in known_ids:
                known_ids.add(id_hash)
                person_register(actor=None, **person)
    institution, _ = Institution.objects.get_or_create(
        name=DEMO_INSTITUTION,
        defaults={"credit_code": make_credit_code("52350000MJ0000001"), "contact_name": "林老师"},
    )
    demo_appointments(seed=seed)
    extra_accounts = demo_training(institution=institution, persons=generated, seed=seed)
    first_enterprise = Enterprise.objects.filter(city=cities[0]).order_by("credit_code").first()

    accounts = [("province", "省局", Role.PROVINCE, {})]
    accounts += [(f"city-{city.code}", f"{city.name}局", Role.CITY, {"city": city}) for city in cities]
    accounts += [("institution", "培训机构", Role.INSTITUTION, {"institution": institution})]
    accounts += [(username, last_name, binding.pop("role"), binding) for username, last_name, binding in extra_accounts]
    if first_enterprise:
        accounts += [("enterprise", "企业", Role.ENTERPRISE, {"enterprise": first_enterprise})]

    logins = []
    for username, last_name, role, binding in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, last_name=last_name, first_name="演示", role=role, **binding)
            user.set_password(DEMO_PASSWORD)
            user.save()
        logins.append(
            DemoLogin(username=username, role=user.get_role_display(), organisation=str(user.organisation or "全省"))
        )
    demo_certificates(revoked_by=User.objects.get(username="province"))
    demo_filings(province=User.objects.get(username="province"), institution=institution)
    demo_activities(province=User.objects.get(username="province"))
    if not AccountApplication.objects.exists():
        # One enterprise waiting for its account, so the first city bureau has an application to review.
        application_submit(
            credit_code=make_credit_code("91350100MA0000D01"),
            enterprise_name="演示申请新材料有限公司",
            legal_representative="陈立",
            industry_section="C",
            contact_name="陈小明",
            mobile="13900000001",
            email="apply@example.invalid",
            city=cities[0],
            client_ip=None,
        )
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.invalid", DEMO_PASSWORD, last_name="系统管理员")
    logins.append(DemoLogin(username="admin", role="系统管理员（Django admin）", organisation="全省"))
    return logins


# ---------------------------------------------------------------------------
# Demo appointments: in the first enterprises of each reporting unit, the first person holds a
# completion certificate and is filed as CQO; every other filing is acknowledged by the city.
# ---------------------------------------------------------------------------

DEMO_APPOINTMENTS_PER_CITY = 2


def _demo_letter(enterprise: Enterprise):

    return ContentFile(minimal_pdf(f"Appointment letter {enterprise.credit_code}"), name="letter.pdf")


def demo_appointments(*, seed: int = 2014) -> int:
    """File (and half of them acknowledge) CQO appointments in the demo; enterprises that have one are left alone."""

    institution = Institution.objects.filter(name=DEMO_INSTITUTION).first()
    if institution is None:
        return 0
    if not institution.entrustments.exists():
        Entrustment.objects.create(institution=institution, from_date=datetime.date(2015, 1, 1))
    filed = 0
    for city in City.objects.order_by("order"):
        enterprises = Enterprise.objects.filter(city=city, persons__isnull=False).distinct().order_by("credit_code")
        for index, enterprise in enumerate(enterprises[:DEMO_APPOINTMENTS_PER_CITY]):
            if Appointment.objects.filter(enterprise=enterprise).exists():
                continue
            person = enterprise.persons.order_by("resident_id_hash").first()
            number = f"FJCQO-DEMO-{enterprise.credit_code[-8:]}"
            Certificate.objects.get_or_create(
                number=number,
                defaults={"person": person, "institution": institution, "issued_on": datetime.date(2025, 5, 20)},
            )
            try:
                appointment = appointment_submit(
                    enterprise=enterprise,
                    person=person,
                    appointed_by=enterprise.legal_representative or "法定代表人",
                    appointed_on=datetime.date(2025, 7, 1),
                    decision_level=index % 2 == 0,
                    allowance=True,
                    allowance_amount=Decimal("2000.00") if index % 2 == 0 else None,
                    duties=["strategy", "qms", "improvement", "cost", "training", "culture"],
                    letter=_demo_letter(enterprise),
                    actor=None,
                )
            except ValidationError:
                continue  # this demo person does not meet Article 5 for this enterprise's size
            filed += 1
            if index % 2 == 0:
                appointment_acknowledge(appointment=appointment, actor=None)
    return filed
