"""The talent pool's people and organisations: reporting units, enterprises and the portal's user accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from .validators import normalize_credit_code, validate_credit_code


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


class Enterprise(models.Model):
    """An enterprise taking part in the CQO programme (the registry issue adds its profile)."""

    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField("企业名称", max_length=200)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="enterprises", verbose_name="所属报备单位")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["city__order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        self.credit_code = normalize_credit_code(self.credit_code)


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
