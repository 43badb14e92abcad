"""The talent pool (人才库, Article 12): one read row per member, kept by pool.services."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Left

from registry.models import (
    City,
    Education,
    Enterprise,
    EnterpriseSize,
    IndustrySection,
    Person,
    TitleLevel,
    VerdictStatus,
)
from registry.permissions import CITY, ENTERPRISE, INSTITUTION, role_of, sees_province_wide
from registry.reporting_units import REPORTING_UNITS
from training.models import Certificate


class PoolEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> PoolEntryQuerySet:
        # Scope by the entry's own denormalised city and enterprise (those of the current
        # acknowledged appointment, else of the employer), so a city's list stays one indexed query.
        if sees_province_wide(user):
            return self.all()
        role = role_of(user)
        if role == CITY:
            return self.filter(city_id=user.city_id)
        if role == ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        if role == INSTITUTION:
            return self.filter(
                Exists(Certificate.objects.filter(person=OuterRef("person_id"), institution_id=user.institution_id))
            )
        return self.none()


class PoolEntry(models.Model):
    """One talent-pool member (Article 12): a valid certificate or a current acknowledged appointment.

    Never written by hand: pool.services.pool_refresh rebuilds a person's row whenever the
    person, a certificate, a finding, an appointment or the enterprise changes, so the list and its
    exports read one table with no joins and no per-row eligibility work.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="pool_entry", verbose_name="人员")
    name = models.CharField("姓名", max_length=50)
    # The name in pinyin (pool/pinyin.py), kept with the row: the list sorts by name_pinyin ("wangfang") and the
    # search finds `wangfang` / `wf` by prefix of name_pinyin / name_initials. Both are COLLATE "C" on
    # PostgreSQL (migration 0002), so a prefix is a range of the very index the list is sorted by.
    name_pinyin = models.CharField("姓名拼音", max_length=300, blank=True, default="")
    name_initials = models.CharField("姓名拼音首字母", max_length=50, blank=True, default="")
    resident_id_masked = models.CharField("身份证号码", max_length=18)
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="报备单位"
    )
    # The city's GB/T 2260 code, so the list can sort by reporting unit on this table alone.
    city_code = models.CharField("行政区划代码", max_length=6, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="企业"
    )
    enterprise_name = models.CharField("企业名称", max_length=200, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    industry_section = models.CharField("行业门类", max_length=1, choices=IndustrySection.choices, blank=True)
    enterprise_size = models.CharField("企业规模", max_length=10, choices=EnterpriseSize.choices, blank=True)
    education = models.CharField("学历", max_length=30, choices=Education.choices)
    title_level = models.CharField("职称等级", max_length=20, choices=TitleLevel.choices)
    eligibility = models.CharField("任职资格", max_length=20, choices=VerdictStatus.choices)
    # 0 when the person is in the pool through an appointment only: keeps keyset sorting free of NULLs.
    certificate_year = models.PositiveSmallIntegerField("最近发证年份", default=0)
    via_certificate = models.BooleanField("持有效结业证书", default=False)
    via_appointment = models.BooleanField("现任已备案首席质量官", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PoolEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "人才库条目"
        verbose_name_plural = "人才库"
        db_table = "registry_poolentry"  # the table predates the app: moved without copying a row
        ordering = ["name_pinyin", "name", "id"]
        # The sort orders the list offers (pool.filters.SORT_ORDERS), each ending in id so keyset pages are
        # stable; (name, id) serves the prefix search of a Chinese name, the pinyin ones that of `wangfang` and
        # `wf`. The trigram indexes and the credit code's prefix index are PostgreSQL-only: see registry 0006.
        indexes = [
            models.Index(fields=["name", "id"], name="pool_name_id"),
            models.Index(fields=["name_pinyin", "name", "id"], name="pool_pinyin_name_id"),
            models.Index(fields=["certificate_year", "id"], name="pool_certyear_id"),
            models.Index(fields=["city_code", "name_pinyin", "name", "id"], name="pool_city_pinyin_id"),
            models.Index(fields=["credit_code", "id"], name="pool_credit_id"),
            models.Index(fields=["eligibility", "id"], name="pool_eligibility_id"),
            models.Index(fields=["name_initials"], name="pool_name_initials"),
            # A one-character search (a surname: 王) in the list's order, read as one index range. The (name, id)
            # index finds 王's 70,000 rows at 1,000,000 persons, but then they had to be sorted (367 ms).
            models.Index(Left("name", 1), F("name_pinyin"), F("name"), F("id"), name="pool_surname_pinyin_id"),
            # The same by reporting unit: within a unit, names sort by pinyin, so 王 sits at each unit's end and a
            # walk of the unit order read 60,130 rows before the first (16 ms at 1,000,000).
            models.Index(
                Left("name", 1), F("city_code"), F("name_pinyin"), F("name"), F("id"), name="pool_surname_city_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.resident_id_masked}）"

    def get_certificate_year_display(self) -> str:
        return str(self.certificate_year) if self.certificate_year else "—"

    @property
    def city_name(self) -> str:
        """The reporting unit's name from its code, so list rows need no join."""
        return next((name for code, name, _ in REPORTING_UNITS if code == self.city_code), "")
