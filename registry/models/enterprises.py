"""Enterprises taking part in the CQO programme, with what their size and Article 4 status depend on."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from eligibility.rules import ENTERPRISE_SIZES

from .. import sizing
from ..bounds import VisibleText, non_negative
from ..permissions import CITY, ENTERPRISE, role_of, sees_province_wide
from ..validators import normalize_credit_code, validate_credit_code
from .cities import City


class IndustrySection(models.TextChoices):
    """GB/T 4754-2017 sections (门类)."""

    A = "A", "A 农、林、牧、渔业"
    B = "B", "B 采矿业"
    C = "C", "C 制造业"
    D = "D", "D 电力、热力、燃气及水生产和供应业"
    E = "E", "E 建筑业"
    F = "F", "F 批发和零售业"
    G = "G", "G 交通运输、仓储和邮政业"
    H = "H", "H 住宿和餐饮业"
    I = "I", "I 信息传输、软件和信息技术服务业"  # noqa: E741 - the standard's own letter
    J = "J", "J 金融业"
    K = "K", "K 房地产业"
    L = "L", "L 租赁和商务服务业"
    M = "M", "M 科学研究和技术服务业"
    N = "N", "N 水利、环境和公共设施管理业"
    O = "O", "O 居民服务、修理和其他服务业"  # noqa: E741 - the standard's own letter
    P = "P", "P 教育"
    Q = "Q", "Q 卫生和社会工作"
    R = "R", "R 文化、体育和娱乐业"
    S = "S", "S 公共管理、社会保障和社会组织"
    T = "T", "T 国际组织"


class EnterpriseSize(models.TextChoices):
    """The values CONTRACT.md §2 uses for enterprise_size."""

    LARGE = sizing.LARGE, ENTERPRISE_SIZES[sizing.LARGE]
    MEDIUM = sizing.MEDIUM, ENTERPRISE_SIZES[sizing.MEDIUM]
    SMALL = sizing.SMALL, ENTERPRISE_SIZES[sizing.SMALL]
    MICRO = sizing.MICRO, ENTERPRISE_SIZES[sizing.MICRO]
    UNKNOWN = sizing.UNKNOWN, ENTERPRISE_SIZES[sizing.UNKNOWN]


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user) -> EnterpriseQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == CITY:
            return self.filter(city_id=user.city_id)
        if role_of(user) == ENTERPRISE:
            return self.filter(pk=user.enterprise_id)
        # Institutions see the enterprises of the persons they trained (training issue).
        return self.none()

    def with_effective_size(self, size: str) -> EnterpriseQuerySet:
        """Enterprises whose effective size (see Enterprise.effective_size) is `size`."""
        return self.filter(effective_size_q(size))


def effective_size_q(size: str, prefix: str = "") -> Q:
    """The enterprise (reached from another model through `prefix`, e.g. "graduate__enterprise__") whose effective
    size (see Enterprise.effective_size) is `size`: the declared size once its city confirmed it, else the computed."""
    confirmed = Q(**{f"{prefix}size_confirmed_by_city": True}) & ~Q(**{f"{prefix}declared_size": ""})
    return (confirmed & Q(**{f"{prefix}declared_size": size})) | (~confirmed & Q(**{f"{prefix}size": size}))


class Enterprise(models.Model):
    """An enterprise taking part in the CQO programme, with what its size and Article 4 status depend on."""

    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": "该统一社会信用代码已登记。"},
    )
    name = models.CharField("企业名称", max_length=200, validators=[VisibleText("企业名称")])
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="enterprises", verbose_name="所属报备单位")
    address = models.CharField("住所", max_length=200, blank=True)
    legal_representative = models.CharField(
        "法定代表人", max_length=50, blank=True, validators=[VisibleText("法定代表人")]
    )
    # Blank only on a record a graduate import created (pending_city_check): the city bureau completes it.
    industry_section = models.CharField("行业门类", max_length=1, choices=IndustrySection.choices, blank=True)
    industry_division = models.CharField(
        "行业代码",
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{2,4}$", "行业代码应为GB/T 4754的2至4位数字代码，如 51、702、7010。")],
        help_text="GB/T 4754大类、中类或小类代码（2至4位数字）；批发零售、交通运输仓储邮政、信息传输软件、房地产业须填写。",
    )
    employees = models.PositiveIntegerField(
        "从业人员（人）", null=True, blank=True, validators=[non_negative("从业人员")]
    )
    revenue = models.DecimalField(
        "营业收入（万元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative("营业收入")],
    )
    total_assets = models.DecimalField(
        "资产总额（万元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative("资产总额")],
    )
    # Recomputed by the services on every write, never typed: see registry.sizing.
    size = models.CharField(
        "测算规模", max_length=10, choices=EnterpriseSize.choices, default=EnterpriseSize.UNKNOWN, editable=False
    )
    declared_size = models.CharField("申报规模", max_length=10, choices=EnterpriseSize.choices, blank=True)
    size_confirmed_by_city = models.BooleanField("申报规模已经设区市局确认", default=False)
    # Created from a training institution's graduate file (credit code and name only): a to-do of its city bureau,
    # which checks the record and completes the profile.
    pending_city_check = models.BooleanField("待设区市局核实", default=False, db_default=False)
    cqo_post_established = models.BooleanField("已设立首席质量官岗位", default=False)
    cqo_empowered = models.BooleanField("已授予首席质量官相应职权", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="企业变更记录")

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["city__order", "name"]
        # The list's sortable columns (registry.views.enterprises); the pinyin-ordered names are
        # PostgreSQL expression indexes in migration 0016.
        indexes = [
            models.Index(fields=["industry_section", "id"], name="enterprise_section_id"),
            models.Index(fields=["cqo_post_established", "id"], name="enterprise_cqo_post_id"),
            models.Index(
                fields=["city", "id"], name="enterprise_pending_city_check", condition=Q(pending_city_check=True)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:enterprise-detail", kwargs={"pk": self.pk})

    def clean(self):
        try:
            self.credit_code = normalize_credit_code(self.credit_code)
        except ValidationError:
            pass  # the field's validator reports it, naming the field
        if not self.industry_section and not self.pending_city_check:
            raise ValidationError({"industry_section": "请选择行业门类。"})
        if self.industry_section in sizing.DIVISION_REQUIRED_SECTIONS and not self.industry_division:
            raise ValidationError(
                {
                    "industry_division": f"门类{self.industry_section}须填写行业代码（GB/T 4754大类、中类或小类），"
                    "否则无法按统计标准测算企业规模。"
                }
            )
        division = self.industry_division or ""
        if division.isdigit() and not division.isascii():
            # The field's pattern (\d) lets full-width and other Unicode digits through; the size table reads ASCII.
            raise ValidationError({"industry_division": "行业代码请用半角数字填写，如 51、702、7010。"})
        if (
            self.industry_section
            # A code of the wrong shape is reported by the field's own validator, once.
            and sizing.is_division_code(division)
            and not sizing.division_belongs_to_section(self.industry_section, division)
        ):
            raise ValidationError(
                {"industry_division": f"行业代码{self.industry_division}不属于门类{self.industry_section}，请核对。"}
            )

    def size_result(self) -> sizing.SizeResult:
        """How the size follows from the figures, for the profile page."""
        return sizing.classify(
            section=self.industry_section,
            division=self.industry_division,
            employees=self.employees,
            revenue=self.revenue,
            total_assets=self.total_assets,
        )

    @property
    def effective_size(self) -> str:
        """The size the rules use: a declared size confirmed by the city bureau wins over the computed one."""
        if self.declared_size and self.size_confirmed_by_city:
            return self.declared_size
        return self.size

    def get_effective_size_display(self) -> str:
        return EnterpriseSize(self.effective_size).label
