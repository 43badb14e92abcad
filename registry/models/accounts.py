"""Portal accounts: one role each, bound to the organisation that role acts for."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ..bounds import VisibleText
from ..permissions import Role, sees_province_wide
from ..validators import normalize_mobile
from .cities import City
from .enterprises import Enterprise


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> UserQuerySet:
        if sees_province_wide(user):
            return self.all()
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

    @property
    def organisation(self):
        """The organisation this account acts for (None for provincial staff)."""
        return {
            Role.CITY: self.city,
            Role.INSTITUTION: self.institution,
            Role.ENTERPRISE: self.enterprise,
        }.get(self.role)
