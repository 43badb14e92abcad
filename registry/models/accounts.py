"""Portal accounts: one role each, bound to the organisation that role acts for."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..bounds import VisibleText
from ..permissions import CITY, Role, role_of, sees_province_wide
from ..validators import normalize_credit_code, normalize_mobile, validate_credit_code
from .cities import City
from .enterprises import Enterprise, IndustrySection

MOBILE = RegexValidator(r"^1[0-9]{10}$", "手机号码应为以1开头的11位数字。")


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> UserQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == CITY:
            # A city bureau sees its colleagues and the accounts of its own enterprises.
            return self.filter(Q(city_id=user.city_id) | Q(enterprise__city_id=user.city_id))
        return self.filter(pk=user.pk) if user.is_authenticated else self.none()


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
    phone = models.CharField("手机号码", max_length=11, blank=True, validators=[MOBILE])

    objects = PortalUserManager()
    # Every account change, with who made it (registry.services.write.save). The password hash and the
    # sign-in time are not history: a hash must not be copied around, and signing in is not a change.
    history = HistoricalRecords(verbose_name="账号变更记录", excluded_fields=["password", "last_login"])
    # A save that changed only the password (not kept) reads as this in the history (cqo_portal.history);
    # signed out, only the emailed link sets a password, so its holder did it.
    history_unseen_change = ("密码", "已设置或修改", "账号持有人（邮件链接）")

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

    def clean(self):
        super().clean()
        errors = {}
        try:
            self.phone = normalize_mobile(self.phone)
        except ValidationError as error:
            errors["phone"] = error.messages
        # The display name is inherited from AbstractUser, so its bound is checked here rather than on the field.
        for field in ("first_name", "last_name"):
            try:
                VisibleText(self._meta.get_field(field).verbose_name)(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("registry:account-detail", kwargs={"pk": self.pk})

    @property
    def organisation(self):
        """The organisation this account acts for (None for provincial staff)."""
        return {
            Role.CITY: self.city,
            Role.INSTITUTION: self.institution,
            Role.ENTERPRISE: self.enterprise,
        }.get(self.role)


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已退回"


class AccountApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> AccountApplicationQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == CITY:
            return self.filter(city_id=user.city_id)
        return self.none()


class AccountApplication(models.Model):
    """An enterprise asking for an account on the public form; the city bureau it names approves or returns it."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, validators=[validate_credit_code])
    enterprise_name = models.CharField("企业名称", max_length=200, validators=[VisibleText("企业名称")])
    legal_representative = models.CharField("法定代表人", max_length=50, validators=[VisibleText("法定代表人")])
    industry_section = models.CharField("行业门类", max_length=1, choices=IndustrySection.choices)
    contact_name = models.CharField("联系人", max_length=50, validators=[VisibleText("联系人")])
    mobile = models.CharField("联系人手机号码", max_length=11, validators=[MOBILE])
    email = models.EmailField("联系人电子邮箱")
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="account_applications", verbose_name="所属报备单位"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    reject_reason = models.TextField("退回理由", blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    # Where it came from, to bound how many one address may send (registry.services.accounts).
    client_ip = models.GenericIPAddressField("提交地址", null=True, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="审核人"
    )
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="企业"
    )
    account = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="开通的账号"
    )

    objects = AccountApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "企业账号申请"
        verbose_name_plural = "企业账号申请"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["client_ip", "submitted_at"], name="account_application_by_ip")]

    def __str__(self) -> str:
        return f"{self.enterprise_name}（{self.credit_code}）"

    def get_absolute_url(self) -> str:
        return reverse("registry:account-application-detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        for field, normalize in (("credit_code", normalize_credit_code), ("mobile", normalize_mobile)):
            try:
                setattr(self, field, normalize(getattr(self, field)))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)
