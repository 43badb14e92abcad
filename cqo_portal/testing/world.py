"""The test world: two of every kind of organisation and a user of every role, with names you remember."""

from __future__ import annotations

from dataclasses import dataclass

from registry.models import City, Enterprise, Role, User
from registry.reporting_units import ensure_reporting_units
from registry.validators import make_credit_code
from training.models import Institution

PASSWORD = "world-pass-2026"


@dataclass
class World:
    fuzhou: City
    xiamen: City
    acme: Enterprise  # in Fuzhou
    bolt: Enterprise  # in Xiamen
    academy: Institution
    college: Institution
    users: dict[str, User]

    def user(self, principal: str) -> User | None:
        return self.users.get(principal)


# Principals the permission matrix walks: "_a" users own the objects the matrix opens,
# "_b" users are the same role in another scope.
PRINCIPALS = [
    "anonymous",
    "province",
    "city_a",
    "city_b",
    "institution_a",
    "institution_b",
    "enterprise_a",
    "enterprise_b",
    "admin",
]


def build_world() -> World:
    ensure_reporting_units(City)  # transactional tests flush what the data migration loaded
    fuzhou = City.objects.get(code="350100")
    xiamen = City.objects.get(code="350200")
    acme = Enterprise.objects.create(credit_code=make_credit_code("91350100AC0000001"), name="榕城精密机械有限公司", city=fuzhou)
    bolt = Enterprise.objects.create(credit_code=make_credit_code("91350200BL0000002"), name="鹭岛电子科技有限公司", city=xiamen)
    academy = Institution.objects.create(name="闽江质量学院培训部")
    college = Institution.objects.create(name="厦门质量管理培训中心")

    def make(username, role, last_name, **binding):
        return User.objects.create_user(username, password=PASSWORD, role=role, last_name=last_name, **binding)

    users = {
        "province": make("zhang.province", Role.PROVINCE, "张省局"),
        "city_a": make("lin.fuzhou", Role.CITY, "林福州", city=fuzhou),
        "city_b": make("chen.xiamen", Role.CITY, "陈厦门", city=xiamen),
        "institution_a": make("wang.academy", Role.INSTITUTION, "王学院", institution=academy),
        "institution_b": make("zhao.college", Role.INSTITUTION, "赵中心", institution=college),
        "enterprise_a": make("huang.acme", Role.ENTERPRISE, "黄榕城", enterprise=acme),
        "enterprise_b": make("wu.bolt", Role.ENTERPRISE, "吴鹭岛", enterprise=bolt),
        "admin": User.objects.create_superuser("root.admin", "admin@example.invalid", PASSWORD),
    }
    return World(fuzhou=fuzhou, xiamen=xiamen, acme=acme, bolt=bolt, academy=academy, college=college, users=users)
