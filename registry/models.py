"""The talent pool's people and organisations: reporting units, enterprises, persons, findings and user accounts."""

from __future__ import annotations

import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import sizing
from .validators import (
    evidence_kind,
    normalize_credit_code,
    validate_credit_code,
    validate_evidence_file,
    validate_pdf_letter,
)


class Role(models.TextChoices):
    PROVINCE = "province", "省局工作人员"
    CITY = "city", "设区市局工作人员"
    INSTITUTION = "institution", "培训机构工作人员"
    ENTERPRISE = "enterprise", "企业用户"


class CityQuerySet(models.QuerySet):
    def visible_to(self, user) -> CityQuerySet:
        # Reporting units are reference data every signed-in user may read.
        return self.all() if user.is_authenticated else self.none()


class City(models.Model):
    """A reporting unit that files (报备) to the province: the nine cities and Pingtan."""

    # GB/T 2260 code. Pingtan has none of its own and is keyed by 平潭县's 350128.
    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    bureau_name = models.CharField("主管部门", max_length=60, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = "报备单位"
        verbose_name_plural = "报备单位"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


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

    LARGE = sizing.LARGE, "大型"
    MEDIUM = sizing.MEDIUM, "中型"
    SMALL = sizing.SMALL, "小型"
    MICRO = sizing.MICRO, "微型"
    UNKNOWN = sizing.UNKNOWN, "无法判定"


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user) -> EnterpriseQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role == Role.PROVINCE:
            return self.all()
        if user.role == Role.CITY:
            return self.filter(city_id=user.city_id)
        if user.role == Role.ENTERPRISE:
            return self.filter(pk=user.enterprise_id)
        # Institutions see the enterprises of the persons they trained (training issue).
        return self.none()

    def with_effective_size(self, size: str) -> EnterpriseQuerySet:
        """Enterprises whose effective size (see Enterprise.effective_size) is `size`."""
        confirmed = Q(size_confirmed_by_city=True) & ~Q(declared_size="")
        return self.filter((confirmed & Q(declared_size=size)) | (~confirmed & Q(size=size)))


class Enterprise(models.Model):
    """An enterprise taking part in the CQO programme, with what its size and Article 4 status depend on."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code])
    name = models.CharField("企业名称", max_length=200)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="enterprises", verbose_name="所属报备单位")
    address = models.CharField("住所", max_length=200, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    industry_section = models.CharField("行业门类", max_length=1, choices=IndustrySection.choices)
    industry_division = models.CharField(
        "行业代码",
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{2,4}$", "行业代码应为GB/T 4754的2至4位数字代码，如 51、702、7010。")],
        help_text="GB/T 4754大类、中类或小类代码（2至4位数字）；批发零售、交通运输仓储邮政、信息传输软件、房地产业须填写。",
    )
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)
    revenue = models.DecimalField("营业收入（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    total_assets = models.DecimalField("资产总额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    # Recomputed by the services on every write, never typed: see registry.sizing.
    size = models.CharField(
        "测算规模", max_length=10, choices=EnterpriseSize.choices, default=EnterpriseSize.UNKNOWN, editable=False
    )
    declared_size = models.CharField("申报规模", max_length=10, choices=EnterpriseSize.choices, blank=True)
    size_confirmed_by_city = models.BooleanField("申报规模已经设区市局确认", default=False)
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

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:enterprise-detail", kwargs={"pk": self.pk})

    def clean(self):
        self.credit_code = normalize_credit_code(self.credit_code)
        if (
            self.industry_division
            and self.industry_section
            and not sizing.division_belongs_to_section(self.industry_section, self.industry_division)
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


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> UserQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role == Role.PROVINCE:
            return self.all()
        return self.filter(pk=user.pk)


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.PROVINCE)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. Each has one role, bound to the organisation that role acts for."""

    role = models.CharField("角色", max_length=20, choices=Role.choices)
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name="所属报备单位"
    )
    institution = models.ForeignKey(
        "training.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="所属培训机构",
    )
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name="所属企业"
    )
    phone = models.CharField("手机号码", max_length=11, blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            # One role, bound to exactly the organisation that role needs and no other.
            models.CheckConstraint(
                name="user_role_binding",
                condition=(
                    Q(role=Role.PROVINCE, city__isnull=True, institution__isnull=True, enterprise__isnull=True)
                    | Q(role=Role.CITY, city__isnull=False, institution__isnull=True, enterprise__isnull=True)
                    | Q(role=Role.INSTITUTION, city__isnull=True, institution__isnull=False, enterprise__isnull=True)
                    | Q(role=Role.ENTERPRISE, city__isnull=True, institution__isnull=True, enterprise__isnull=False)
                ),
                violation_error_message="角色与所属单位不匹配：设区市局用户须指定报备单位，培训机构用户须指定培训机构，企业用户须指定企业，省局用户不指定单位。",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def organisation(self):
        """The organisation this account acts for (None for provincial staff)."""
        return {
            Role.CITY: self.city,
            Role.INSTITUTION: self.institution,
            Role.ENTERPRISE: self.enterprise,
        }.get(self.role)

    @property
    def is_province(self) -> bool:
        return self.is_superuser or self.role == Role.PROVINCE


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    """GB/T 4658 levels, with the values CONTRACT.md §2 uses."""

    DOCTORATE = "doctorate", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    ASSOCIATE = "associate", "大学专科"
    SECONDARY_VOCATIONAL = "secondary_vocational", "中等职业教育（中专、职业高中、技工学校）"
    HIGH_SCHOOL = "high_school", "普通高中"
    JUNIOR_HIGH_OR_BELOW = "junior_high_or_below", "初中及以下"


class TitleLevel(models.TextChoices):
    """Professional title levels, with the values CONTRACT.md §2 uses."""

    SENIOR = "senior", "正高级"
    ASSOCIATE_SENIOR = "associate_senior", "副高级"
    INTERMEDIATE = "intermediate", "中级"
    ASSISTANT = "assistant", "助理级（初级）"
    TECHNICIAN = "technician", "员级（初级）"
    NONE = "none", "无"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role == Role.PROVINCE:
            return self.all()
        # A person belongs to the reporting unit and enterprise of their current employer
        # (Person.enterprise) and of every enterprise that filed an appointment of them.
        if user.role == Role.CITY:
            return self.filter(
                Q(enterprise__city_id=user.city_id)
                | Exists(Appointment.objects.filter(person=OuterRef("pk"), enterprise__city_id=user.city_id))
            )
        if user.role == Role.ENTERPRISE:
            return self.filter(
                Q(enterprise_id=user.enterprise_id)
                | Exists(Appointment.objects.filter(person=OuterRef("pk"), enterprise_id=user.enterprise_id))
            )
        if user.role == Role.INSTITUTION:
            certificate = apps.get_model("training", "Certificate")
            return self.filter(
                Exists(certificate.objects.filter(person=OuterRef("pk"), institution_id=user.institution_id))
            )
        return self.none()


class Person(models.Model):
    """A (prospective) CQO. The resident ID is never stored in plain text: see registry.crypto."""

    name = models.CharField("姓名", max_length=50, db_index=True)
    # Fernet token of the normalised ID; only registry.services.person_reveal_id decrypts it.
    resident_id_encrypted = models.CharField("身份证号码（密文）", max_length=255, editable=False)
    # HMAC-SHA256 with ID_HASH_KEY: finds a person by ID without decrypting every row.
    resident_id_hash = models.CharField("身份证号码（检索摘要）", max_length=64, unique=True, editable=False)
    resident_id_masked = models.CharField("身份证号码", max_length=18, editable=False)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, editable=False)
    # Only the year: a full birth date beside the masked ID (3501**********123X) would leave two
    # hidden digits, few enough to rebuild the number from a dump or an API response.
    birth_year = models.PositiveSmallIntegerField("出生年份", editable=False)
    phone = models.CharField(
        "手机号码",
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^1\d{10}$", "手机号码应为以1开头的11位数字。")],
    )
    email = models.EmailField("电子邮箱", blank=True)
    education = models.CharField("学历", max_length=30, choices=Education.choices)
    title_level = models.CharField("职称等级", max_length=20, choices=TitleLevel.choices, default=TitleLevel.NONE)
    title_series = models.CharField("职称系列", max_length=50, blank=True, help_text="如：工程师系列、经济师系列")
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name="现工作单位",
    )
    position = models.CharField("职务", max_length=100, blank=True)
    # Article 5(一)(二) and Article 8, declared by the person at registration.
    declared_ethics = models.BooleanField("承诺具有良好的职业道德和敬业精神（第五条第一项）", default=False)
    declared_laws = models.BooleanField("承诺熟悉质量法律法规和政策（第五条第二项）", default=False)
    declared_conduct = models.BooleanField("承诺遵守首席质量官行为规范（第八条）", default=False)
    declared_on = models.DateField("承诺日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PersonQuerySet.as_manager()
    # Copies only the stored columns, so the history holds the same ciphertext, hash and mask.
    history = HistoricalRecords(verbose_name="人员变更记录")

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="person_declared_on_with_declarations",
                condition=Q(declared_on__isnull=False)
                | Q(declared_ethics=False, declared_laws=False, declared_conduct=False),
                violation_error_message="填写了承诺事项的，须同时填写承诺日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.resident_id_masked}）"


class QualityWorkPeriodQuerySet(models.QuerySet):
    def visible_to(self, user) -> QualityWorkPeriodQuerySet:
        return self.filter(person__in=Person.objects.visible_to(user))


class QualityWorkPeriod(models.Model):
    """A period of quality work (Article 5(三)(四)); no end date means still ongoing."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="quality_work", verbose_name="人员")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期", null=True, blank=True, help_text="仍在从事的留空")
    employer = models.CharField("工作单位", max_length=200)
    position = models.CharField("岗位", max_length=100, blank=True)

    objects = QualityWorkPeriodQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="质量工作经历变更记录")

    class Meta:
        verbose_name = "质量工作经历"
        verbose_name_plural = "质量工作经历"
        ordering = ["person", "start"]
        constraints = [
            models.CheckConstraint(
                name="quality_work_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                violation_error_message="质量工作经历的结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.start}—{self.end or '至今'}"


class AccessAction(models.TextChoices):
    REVEAL = "reveal", "查看完整身份证号码"
    EXPORT = "export", "导出含身份证号码的数据"


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> AccessLogQuerySet:
        if user.is_authenticated and (user.is_superuser or user.role == Role.PROVINCE):
            return self.all()
        return self.none()

    def update(self, **kwargs):
        raise PermissionError("访问日志只能追加，不能修改。")

    def delete(self):
        raise PermissionError("访问日志只能追加，不能删除。")


class AccessLog(models.Model):
    """Append-only record of every full reveal or export of resident IDs (who, when, whose, why)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_logs",
        verbose_name="人员",
        help_text="导出多人时留空，人数见数量",
    )
    action = models.CharField("操作", max_length=10, choices=AccessAction.choices)
    reason = models.CharField("事由", max_length=200)
    count = models.PositiveIntegerField("涉及人数", default=1)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = "身份证号码访问日志"
        verbose_name_plural = "身份证号码访问日志"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("访问日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("访问日志只能追加，不能删除。")


class FindingItem(models.IntegerChoices):
    """Article 6 (一)..(五): the situations that bar a person from being a CQO."""

    ONE = 1, "第六条第（一）项：违反有关法律法规，在质量岗位工作中造成重大失误或谋取不正当利益的或受刑事处分的"
    TWO = 2, "第六条第（二）项：利用履行职责之便谋取不正当利益的"
    THREE = 3, "第六条第（三）项：滥用职权，干预企业正常经营秩序的"
    FOUR = 4, "第六条第（四）项：向与履职无关的第三方泄露企业秘密或者合作伙伴信息，损害企业或者合作伙伴合法权益的"
    FIVE = 5, "第六条第（五）项：其他损害合作伙伴和企业合法权益行为的"


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user) -> FindingQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role == Role.PROVINCE:
            return self.all()
        if user.role == Role.CITY:
            return self.filter(Q(city_id=user.city_id) | Q(person__in=Person.objects.visible_to(user)))
        if user.role == Role.ENTERPRISE:
            return self.filter(person__in=Person.objects.visible_to(user))
        # Institutions train people; disqualifications are the bureaux' and employers' business.
        return self.none()

    def active_on(self, day) -> FindingQuerySet:
        """Findings in force on `day`: decided by then and not lifted by then (CONTRACT.md §2)."""
        return self.filter(decided_on__lte=day).filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=day))


def finding_evidence_path(instance, filename: str) -> str:
    # Neither the uploaded name (it may hold a name or an ID number) nor the person goes into the
    # path: paths end up in logs and backups. The extension comes from the checked content.
    extension = {"PDF": "pdf", "PNG": "png", "JPEG": "jpg"}.get(evidence_kind(instance.evidence), "bin")
    return f"findings/{instance.decided_on:%Y}/{uuid.uuid4().hex}.{extension}"


class Finding(models.Model):
    """An Article 6 finding recorded by a bureau against a person, with its evidence and, later, its lifting."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="findings", verbose_name="人员")
    item = models.PositiveSmallIntegerField("情形", choices=FindingItem.choices)
    decided_on = models.DateField("认定日期")
    evidence = models.FileField(
        "证据材料",
        upload_to=finding_evidence_path,
        validators=[validate_evidence_file],
        help_text="PDF或PNG、JPEG图片，不超过10 MB",
    )
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    city = models.ForeignKey(
        City,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name="认定单位",
        help_text="设区市局认定的为该报备单位；省局认定的留空",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    lifted_on = models.DateField("解除日期", null=True, blank=True)
    lifted_reason = models.CharField("解除理由", max_length=500, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="解除人",
    )

    objects = FindingQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="第六条认定变更记录")

    class Meta:
        verbose_name = "第六条情形认定"
        verbose_name_plural = "第六条情形认定"
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="finding_lifted_all_or_nothing",
                condition=Q(lifted_on__isnull=True, lifted_by__isnull=True, lifted_reason="")
                | (Q(lifted_on__isnull=False, lifted_by__isnull=False) & ~Q(lifted_reason="")),
                violation_error_message="解除认定须同时填写解除日期、解除理由和解除人。",
            ),
            models.CheckConstraint(
                name="finding_lifted_after_decided",
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=models.F("decided_on")),
                violation_error_message="解除日期不能早于认定日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} 第六条第{'一二三四五'[self.item - 1]}项（{self.decided_on}）"

    @property
    def is_lifted(self) -> bool:
        return self.lifted_on is not None


class AppointmentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交待备案"
    ACKNOWLEDGED = "acknowledged", "已备案（现任）"
    RETURNED = "returned", "已退回"
    ENDED = "ended", "已终止"


class AppointmentEndReason(models.TextChoices):
    DISMISSED = "dismissed", "解聘"
    REPLACED = "replaced", "更换首席质量官"


class Duty(models.TextChoices):
    """Article 7: the CQO's duties, as the measures word them."""

    STRATEGY = "strategy", "（一）负责组织制定企业质量发展战略、年度质量工作计划和质量安全保障措施"
    QMS = "qms", "（二）建立并实施先进质量管理体系和管理方法"
    IMPROVEMENT = "improvement", "（三）组织实施质量改进、质量攻关等群众性质量活动"
    COST = "cost", "（四）实施质量成本管理，加强质量统计分析"
    TRAINING = "training", "（五）开展质量教育培训"
    CULTURE = "culture", "（六）建设企业质量文化等"


class VerdictStatus(models.TextChoices):
    """The eligibility engine's statuses (CONTRACT.md §2)."""

    ELIGIBLE = "eligible", "符合任职条件"
    INELIGIBLE = "ineligible", "不符合任职条件"
    NEEDS_REVIEW = "needs_review", "需人工审核"


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AppointmentQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.ENTERPRISE and not user.is_superuser:
            return self.filter(enterprise_id=user.enterprise_id)
        # A draft is the enterprise's own until it is submitted: nobody else sees it, its letter included.
        filed = self.exclude(status=AppointmentStatus.DRAFT)
        if user.is_superuser or user.role == Role.PROVINCE:
            return filed
        if user.role == Role.CITY:
            return filed.filter(enterprise__city_id=user.city_id)
        if user.role == Role.INSTITUTION:
            certificate = apps.get_model("training", "Certificate")
            return filed.filter(
                Exists(certificate.objects.filter(person=OuterRef("person_id"), institution_id=user.institution_id))
            )
        return self.none()

    def current(self) -> AppointmentQuerySet:
        """Acknowledged and not ended: at most one per enterprise (a database constraint)."""
        return self.filter(status=AppointmentStatus.ACKNOWLEDGED)


def appointment_letter_path(instance, filename: str) -> str:
    # Neither the person's name nor the uploaded name goes into the path: paths end up in logs.
    return f"appointments/{instance.appointed_on:%Y}/{instance.enterprise_id}-{uuid.uuid4().hex}.pdf"


def default_duties() -> list[str]:
    return list(Duty.values)


class Appointment(models.Model):
    """An enterprise's appointment of its CQO by the legal representative (Articles 2, 7, 13), filed with the
    city bureau, which acknowledges (备案) or returns it; ending it (dismissal, replacement) is a dated event.
    """

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="appointments", verbose_name="企业"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments", verbose_name="首席质量官")
    appointed_by = models.CharField("聘任人（法定代表人）", max_length=50)
    appointed_on = models.DateField("聘任日期")
    decision_level = models.BooleanField("进入企业决策层", default=False)
    allowance = models.BooleanField("享受首席质量官津贴", default=False)
    allowance_amount = models.DecimalField("津贴金额（元/月）", max_digits=10, decimal_places=2, null=True, blank=True)
    duties = models.JSONField("履行职责（第七条）", default=default_duties, blank=True)
    letter = models.FileField(
        "聘任文件（PDF）",
        upload_to=appointment_letter_path,
        validators=[validate_pdf_letter],
        help_text="法定代表人签发的聘任文件，PDF格式，不超过10 MB",
    )
    status = models.CharField(
        "状态", max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.DRAFT, db_index=True
    )
    # The eligibility engine's verdict at submission (eligibility.rules.verdict_to_dict) and the rule set
    # it applied, kept as evidence of what the enterprise saw; re-evaluated when a finding changes.
    verdict = models.JSONField("任职资格核验结论", null=True, blank=True, editable=False)
    rule_set = models.CharField("核验依据", max_length=100, blank=True, editable=False)
    verdict_status = models.CharField(
        "核验结论", max_length=20, choices=VerdictStatus.choices, blank=True, editable=False
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.CharField("退回理由", max_length=500, blank=True)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=20, choices=AppointmentEndReason.choices, blank=True)
    end_note = models.CharField("终止说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="聘任备案变更记录")

    class Meta:
        verbose_name = "首席质量官聘任"
        verbose_name_plural = "首席质量官聘任"
        ordering = ["-appointed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status=AppointmentStatus.ACKNOWLEDGED),
                name="appointment_one_current_per_enterprise",
                violation_error_message="该企业已有一名已备案的现任首席质量官，请先办理更换或解聘。",
            ),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status=AppointmentStatus.SUBMITTED),
                name="appointment_one_pending_per_enterprise",
                violation_error_message="该企业已有一份待备案的聘任，请等待设区市局处理后再提交。",
            ),
            models.CheckConstraint(
                name="appointment_allowance_amount_only_with_allowance",
                condition=Q(allowance_amount__isnull=True) | (Q(allowance=True) & Q(allowance_amount__gte=0)),
                violation_error_message="津贴金额只在享受津贴时填写，且不能为负数。",
            ),
            models.CheckConstraint(
                name="appointment_ended_all_or_nothing",
                condition=(Q(status=AppointmentStatus.ENDED, ended_on__isnull=False) & ~Q(end_reason=""))
                | (~Q(status=AppointmentStatus.ENDED) & Q(ended_on__isnull=True, end_reason="")),
                violation_error_message="终止的聘任须同时填写终止日期和终止原因；未终止的聘任不填。",
            ),
            models.CheckConstraint(
                name="appointment_ended_after_appointed",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("appointed_on")),
                violation_error_message="终止日期不能早于聘任日期。",
            ),
            models.CheckConstraint(
                name="appointment_returned_with_reason",
                condition=~Q(status=AppointmentStatus.RETURNED) | ~Q(return_reason=""),
                violation_error_message="退回聘任须填写退回理由。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.person.name}（{self.appointed_on:%Y-%m-%d}）"

    def clean(self):
        unknown = [code for code in (self.duties or []) if code not in Duty.values]
        if not isinstance(self.duties, list) or unknown:
            raise ValidationError({"duties": "履行职责须从第七条所列六项中选择。"})
        if self.allowance_amount is not None and not self.allowance:
            raise ValidationError({"allowance_amount": "未勾选享受津贴的，不填写津贴金额。"})

    def get_duties_display(self) -> list[str]:
        labels = dict(Duty.choices)
        return [labels[code] for code in self.duties or [] if code in labels]

    @property
    def is_current(self) -> bool:
        return self.status == AppointmentStatus.ACKNOWLEDGED


# ---------------------------------------------------------------------------
# The talent pool (人才库): a read table kept by registry.services.pool_refresh
# ---------------------------------------------------------------------------


class PoolEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> PoolEntryQuerySet:
        # Scope by the entry's own denormalised city and enterprise (those of the current
        # acknowledged appointment, else of the employer), so a city's list stays one indexed query.
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role == Role.PROVINCE:
            return self.all()
        if user.role == Role.CITY:
            return self.filter(city_id=user.city_id)
        if user.role == Role.ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        if user.role == Role.INSTITUTION:
            certificate = apps.get_model("training", "Certificate")
            return self.filter(
                Exists(certificate.objects.filter(person=OuterRef("person_id"), institution_id=user.institution_id))
            )
        return self.none()


class PoolEntry(models.Model):
    """One talent-pool member (Article 12): a valid certificate or a current acknowledged appointment.

    Never written by hand: registry.services.pool_refresh rebuilds a person's row whenever the
    person, a certificate, a finding, an appointment or the enterprise changes, so the list and its
    exports read one table with no joins and no per-row eligibility work.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="pool_entry", verbose_name="人员")
    name = models.CharField("姓名", max_length=50)
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
        ordering = ["name", "id"]
        # The sort orders the list offers, each ending in id so keyset pages are stable. Name
        # prefix and trigram indexes are PostgreSQL-only: see migration 0006's RunPython.
        indexes = [
            models.Index(fields=["name", "id"], name="pool_name_id"),
            models.Index(fields=["certificate_year", "id"], name="pool_certyear_id"),
            models.Index(fields=["city_code", "name", "id"], name="pool_city_name_id"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.resident_id_masked}）"

    def get_certificate_year_display(self) -> str:
        return str(self.certificate_year) if self.certificate_year else "—"

    @property
    def city_name(self) -> str:
        """The reporting unit's name from its code, so list rows need no join."""
        from .reporting_units import REPORTING_UNITS

        return next((name for code, name, _ in REPORTING_UNITS if code == self.city_code), "")


# ---------------------------------------------------------------------------
# In-portal notices (e.g. to a city bureau when a finding changes the verdict of its enterprise's CQO)
# ---------------------------------------------------------------------------


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> NoticeQuerySet:
        """Notices addressed to the user, or to the reporting unit a city-bureau user works for."""
        if not user.is_authenticated:
            return self.none()
        addressed = Q(recipient_user_id=user.pk)
        if user.role == Role.CITY:
            addressed |= Q(recipient_city_id=user.city_id)
        return self.filter(addressed)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """A message shown in the portal to one user or to every user of one city bureau."""

    recipient_city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.CASCADE, related_name="notices", verbose_name="接收单位"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="接收人",
    )
    text = models.CharField("内容", max_length=500)
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("发送时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="notice_one_recipient",
                condition=Q(recipient_city__isnull=False, recipient_user__isnull=True)
                | Q(recipient_city__isnull=True, recipient_user__isnull=False),
                violation_error_message="通知须指定一个接收单位或一名接收人。",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]
