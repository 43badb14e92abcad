"""The test world: two of every kind of organisation, a person at each enterprise and a user of every role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pool.services import pool_refresh
from registry.models import City, Education, Enterprise, Person, Role, TitleLevel, User
from registry.reporting_units import ensure_reporting_units
from registry.services import enterprise_update, person_register
from registry.validators import make_credit_code, make_resident_id
from training.models import Certificate, Cohort, CohortStatus, Entrustment, Institution
from training.services import cohort_create

PASSWORD = "world-pass-2026"


@dataclass
class World:
    fuzhou: City
    xiamen: City
    acme: Enterprise  # in Fuzhou
    bolt: Enterprise  # in Xiamen
    academy: Institution
    college: Institution
    cohort: Cohort  # the academy's; the college (institution_b) must get 404 on it
    users: dict[str, User]
    lin_fang: Person  # works at acme; holds a certificate from academy
    chen_jie: Person  # works at bolt; no certificate
    lin_fang_id: str  # her full resident ID, for tests of look-up and reveal

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
    acme = Enterprise.objects.create(
        credit_code=make_credit_code("91350100AC0000001"), name="榕城精密机械有限公司", city=fuzhou
    )
    bolt = Enterprise.objects.create(
        credit_code=make_credit_code("91350200BL0000002"), name="鹭岛电子科技有限公司", city=xiamen
    )
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

    # Profiles as the enterprises would file them: acme is a medium manufacturer, bolt a small one.
    enterprise_update(
        enterprise=acme,
        actor=None,
        industry_section="C",
        industry_division="34",
        employees=320,
        revenue=25000,
        total_assets=18000,
        legal_representative="郑建国",
        address="福州市仓山区金山大道1号",
    )
    enterprise_update(
        enterprise=bolt,
        actor=None,
        industry_section="C",
        industry_division="39",
        employees=45,
        revenue=800,
        total_assets=600,
        legal_representative="许海",
        address="厦门市湖里区火炬北路2号",
    )
    lin_fang_id = make_resident_id("35010219800101002")
    lin_fang = person_register(
        actor=None,
        name="林芳",
        resident_id=lin_fang_id,
        education=Education.BACHELOR,
        title_level=TitleLevel.INTERMEDIATE,
        title_series="工程师系列",
        enterprise=acme,
        position="质量总监",
        phone="13800000001",
        declared_ethics=True,
        declared_laws=True,
        declared_conduct=True,
        declared_on=datetime.date(2024, 3, 1),
        quality_work=[
            {"start": datetime.date(2010, 7, 1), "employer": "榕城精密机械有限公司", "position": "质量部经理"}
        ],
    )
    chen_jie = person_register(
        actor=None,
        name="陈杰",
        resident_id=make_resident_id("35020319850615001"),
        education=Education.ASSOCIATE,
        title_level=TitleLevel.ASSISTANT,
        title_series="工程师系列",
        enterprise=bolt,
        position="品质经理",
    )
    Entrustment.objects.create(institution=academy, from_date=datetime.date(2015, 1, 1))
    cohort = cohort_create(
        actor=None,
        institution=academy,
        code="MJ-2024-01",
        title="2024年第一期首席质量官培训班",
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2024, 5, 10),
        hours=40,
        location="福州市鼓楼区",
        status=CohortStatus.ENDED,
    )
    Certificate.objects.create(
        number="FJCQO-2024-0001", person=lin_fang, institution=academy, issued_on=datetime.date(2024, 5, 10)
    )
    pool_refresh(person_ids=[lin_fang.pk, chen_jie.pk])  # the certificate puts lin_fang in the talent pool
    return World(
        fuzhou=fuzhou,
        xiamen=xiamen,
        acme=acme,
        bolt=bolt,
        academy=academy,
        college=college,
        cohort=cohort,
        users=users,
        lin_fang=lin_fang,
        chen_jie=chen_jie,
        lin_fang_id=lin_fang_id,
    )
