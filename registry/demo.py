"""Deterministic demo data: reporting units' enterprises, an institution and every role's demo login."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from training.models import Institution

from .models import City, Enterprise, Role, User
from .reporting_units import ensure_reporting_units
from .validators import make_credit_code

# Demo passwords are printed by seed_demo; they exist only for demo and test databases.
DEMO_PASSWORD = "cqo-demo-2026"

DEMO_INSTITUTION = "福建省质量管理协会培训中心"

_NAME_PARTS = ["闽兴", "海峡", "东南", "榕辉", "鹭港", "清源", "武夷", "九龙", "丹霞", "三江", "华安", "鼎盛", "泰和", "永安", "宏图"]
_INDUSTRY_PARTS = ["机械制造", "电子科技", "食品", "纺织", "建材", "新材料", "医药", "汽车配件", "物流", "软件", "化工", "陶瓷"]
# Registration authority 9 (市场监管) and type 1 (企业), as on a business licence.
_CREDIT_PREFIX = "91"
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
        name = f"{city.name.removesuffix('市')}{rng.choice(_NAME_PARTS)}{rng.choice(_INDUSTRY_PARTS)}有限公司{i + 1:04d}"
        while True:
            body = _CREDIT_PREFIX + city.code + "".join(rng.choice(_ORG_ALPHABET) for _ in range(9))
            code = make_credit_code(body)
            if code not in seen_codes:
                seen_codes.add(code)
                break
        yield code, name, city


@transaction.atomic
def demo_seed(*, enterprises: int = 40, seed: int = 2014) -> list[DemoLogin]:
    """Create (or leave as they are) the demo organisations and one login per role and reporting unit."""
    ensure_reporting_units(City)
    cities = list(City.objects.order_by("order"))
    existing = set(Enterprise.objects.values_list("credit_code", flat=True))
    Enterprise.objects.bulk_create(
        [
            Enterprise(credit_code=code, name=name, city=city)
            for code, name, city in _enterprise_rows(enterprises, seed, cities)
            if code not in existing
        ],
        batch_size=1000,
    )
    institution, _ = Institution.objects.get_or_create(
        name=DEMO_INSTITUTION,
        defaults={"credit_code": make_credit_code("52350000MJ0000001"), "contact_name": "林老师"},
    )
    first_enterprise = Enterprise.objects.filter(city=cities[0]).order_by("credit_code").first()

    accounts = [("province", "省局", Role.PROVINCE, {})]
    accounts += [(f"city-{city.code}", f"{city.name}局", Role.CITY, {"city": city}) for city in cities]
    accounts += [("institution", "培训机构", Role.INSTITUTION, {"institution": institution})]
    if first_enterprise:
        accounts += [("enterprise", "企业", Role.ENTERPRISE, {"enterprise": first_enterprise})]

    logins = []
    for username, last_name, role, binding in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, last_name=last_name, first_name="演示", role=role, **binding)
            user.set_password(DEMO_PASSWORD)
            user.save()
        logins.append(DemoLogin(username=username, role=user.get_role_display(), organisation=str(user.organisation or "全省")))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.invalid", DEMO_PASSWORD, last_name="系统管理员")
    logins.append(DemoLogin(username="admin", role="系统管理员（Django admin）", organisation="全省"))
    return logins
