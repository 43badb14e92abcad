"""Writes of portal accounts: creating, editing, disabling and enabling them, the set-password email, and the
public enterprise application its city bureau approves or returns. Accounts are never deleted: the change
history and the access log name them."""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..bounds import check_reason
from ..models import AccountApplication, ApplicationStatus, City, Enterprise, Role, User
from ..notify import notify
from ..permissions import require
from .enterprises import enterprise_register
from .write import save

SUBJECT_NEW_ACCOUNT = "福建省首席质量官服务平台账号已开通"
SUBJECT_REJECTED = "福建省首席质量官服务平台企业账号申请被退回"
ACCOUNT_EDITABLE_FIELDS = ("last_name", "email", "phone")


# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------


@transaction.atomic
def account_create(
    *,
    actor,
    username: str,
    last_name: str,
    email: str,
    role: str,
    city: City | None = None,
    institution=None,
    enterprise: Enterprise | None = None,
    phone: str = "",
    base_url: str,
) -> User:
    """Open an account with no password; its holder sets one through the link emailed to `email`.

    `base_url` is the portal's address as the clerk's browser reached it (scheme and host), for the link.
    """
    bindings = {Role.CITY: "city", Role.INSTITUTION: "institution", Role.ENTERPRISE: "enterprise"}
    given = {"city": city, "institution": institution, "enterprise": enterprise}
    # Only the organisation the role acts for is kept, so a form that posted a stray one cannot bind two.
    kept = {name: value if bindings.get(role) == name else None for name, value in given.items()}
    if role in bindings and kept[bindings[role]] is None:
        label = {"city": "所属报备单位", "institution": "所属培训机构", "enterprise": "所属企业"}[bindings[role]]
        raise ValidationError({bindings[role]: f"{Role(role).label}账号须选择{label}。"})
    if not email:
        raise ValidationError({"email": "请填写电子邮箱：设置密码的链接发送到该邮箱。"})
    account = User(username=username, last_name=last_name, email=email, phone=phone, role=role, **kept)
    require(actor, "account.manage", account)
    account.set_unusable_password()
    save(account, actor)
    _send_password_link(account, base_url)
    return account


@transaction.atomic
def account_update(*, actor, account: User, **fields) -> User:
    """Change an account's name, email or mobile; the role and the organisation stay as opened."""
    unknown = set(fields) - set(ACCOUNT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"account_update() cannot set {sorted(unknown)}")
    require(actor, "account.manage", account)
    changed = [name for name, value in fields.items() if getattr(account, name) != value]
    if not changed:
        return account
    if "email" in changed and not fields["email"]:
        raise ValidationError({"email": "请填写电子邮箱：找回密码的链接发送到该邮箱。"})
    for name in changed:
        setattr(account, name, fields[name])
    save(account, actor, update_fields=changed)
    return account


@transaction.atomic
def account_set_active(*, actor, account: User, active: bool) -> User:
    """Disable an account (it can no longer sign in; its records stay) or enable it again."""
    require(actor, "account.manage", account)
    if not active and actor is not None and account.pk == actor.pk:
        raise ValidationError("不能停用自己的账号。")
    if account.is_active == active:
        return account
    account.is_active = active
    save(account, actor, update_fields=["is_active"])
    return account


@transaction.atomic
def account_send_password_link(*, actor, account: User, base_url: str) -> None:
    """Email the account a link to set its password (again), e.g. when the first email was lost."""
    require(actor, "account.manage", account)
    if not account.is_active:
        raise ValidationError("该账号已停用，启用后才能发送设置密码邮件。")
    if not account.email:
        raise ValidationError("该账号没有电子邮箱，请先编辑账号填写邮箱。")
    _send_password_link(account, base_url)


def password_link(account: User, base_url: str) -> str:
    """The one-time link to set the password: Django's reset token, void once the password is set."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    return base_url.rstrip("/") + path


def _send_password_link(account: User, base_url: str) -> None:
    # Sent after commit: a rolled-back account gets no email. The token is made then too, from the stored row.
    def send():
        stored = User.objects.get(pk=account.pk)
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        body = (
            f"{stored}，您好：\n\n"
            f"您在福建省首席质量官服务平台的账号已开通，用户名：{stored.username}\n"
            f"角色：{stored.get_role_display()}{'（' + str(stored.organisation) + '）' if stored.organisation else ''}\n\n"
            f"请在{hours}小时内打开以下链接设置登录密码：\n{password_link(stored, base_url)}\n\n"
            "链接只能使用一次。如非本人申请，请忽略本邮件。"
        )
        send_mail(SUBJECT_NEW_ACCOUNT, body, settings.DEFAULT_FROM_EMAIL, [stored.email])

    transaction.on_commit(send)


def account_signed_in(sender, request, user, **kwargs) -> None:
    """Receiver of user_logged_in in place of Django's update_last_login: keeps the previous sign-in for the home
    page, and records the new one without a history row (signing in is not a change of the account)."""
    if request is not None and hasattr(request, "session"):
        request.session["previous_login"] = user.last_login.isoformat() if user.last_login else ""
    user.last_login = timezone.now()
    user.save_without_historical_record(update_fields=["last_login"])


# ---------------------------------------------------------------------------
# Enterprise applications
# ---------------------------------------------------------------------------


def application_limit_reached(client_ip: str | None) -> bool:
    """Whether this address has sent as many applications as ACCOUNT_APPLICATION_LIMITS allow, counted from the
    table itself. Applications with no known address are not counted together (there is nothing to tell them by)."""
    if not client_ip:
        return False
    now = timezone.now()
    for limit, seconds in settings.ACCOUNT_APPLICATION_LIMITS:
        since = now - datetime.timedelta(seconds=seconds)
        if AccountApplication.objects.filter(client_ip=client_ip, submitted_at__gte=since).count() >= limit:
            return True
    return False


@transaction.atomic
def application_submit(
    *,
    credit_code: str,
    enterprise_name: str,
    legal_representative: str,
    industry_section: str,
    contact_name: str,
    mobile: str,
    email: str,
    city: City,
    client_ip: str | None,
) -> AccountApplication:
    """A public application: stored pending and told to the city bureau it names. The answer is the same whether
    or not the enterprise is on file or already has accounts; the bureau sees that when it reviews."""
    if application_limit_reached(client_ip):
        raise ValidationError("本网络提交的申请过多，请稍后再试，或直接联系所属设区市市场监管局。", code="throttled")
    application = AccountApplication(
        credit_code=credit_code,
        enterprise_name=enterprise_name,
        legal_representative=legal_representative,
        industry_section=industry_section,
        contact_name=contact_name,
        mobile=mobile,
        email=email,
        city=city,
        client_ip=client_ip,
    )
    save(application, None)
    notify(
        city=city,
        text=f"企业账号申请待审核：{application.enterprise_name}（{application.credit_code}）",
        link_name="registry:account-application-detail",
        link_kwargs={"pk": application.pk},
    )
    return application


def _pending(application: AccountApplication) -> None:
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(
            f"该申请已{application.get_status_display()}（{application.decided_by or '系统'}，"
            f"{timezone.localtime(application.decided_at):%Y-%m-%d %H:%M}），无需再次审核。"
        )


@transaction.atomic
def application_approve(*, actor, application: AccountApplication, base_url: str) -> User:
    """Approve: the enterprise is registered in the application's unit unless its credit code is on file there,
    then its account is opened (username: the credit code) and the set-password link emailed to the contact."""
    require(actor, "account.application.review", application)
    application = AccountApplication.objects.select_for_update().get(pk=application.pk)
    _pending(application)
    enterprise = Enterprise.objects.filter(credit_code=application.credit_code).first()
    if enterprise is None:
        enterprise = enterprise_register(
            actor=actor,
            credit_code=application.credit_code,
            name=application.enterprise_name,
            city=application.city,
            industry_section=application.industry_section,
            legal_representative=application.legal_representative,
        )
    elif enterprise.city_id != application.city_id:
        raise ValidationError(
            f"统一社会信用代码{application.credit_code}的企业登记在{enterprise.city}，不属于{application.city}。"
            "请退回申请并告知企业选择正确的报备单位，或联系省局调整企业的报备单位。"
        )
    account = account_create(
        actor=actor,
        username=_free_username(application.credit_code),
        last_name=application.contact_name,
        email=application.email,
        phone=application.mobile,
        role=Role.ENTERPRISE,
        enterprise=enterprise,
        base_url=base_url,
    )
    application.status = ApplicationStatus.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.enterprise = enterprise
    application.account = account
    save(application, actor, update_fields=["status", "decided_at", "decided_by", "enterprise", "account"])
    return account


def _free_username(credit_code: str) -> str:
    """The credit code, or the credit code with -2, -3 … when the enterprise already has that account."""
    candidate, n = credit_code, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{credit_code}-{n}"
    return candidate


@transaction.atomic
def application_reject(*, actor, application: AccountApplication, reason: str) -> AccountApplication:
    """Return the application with a reason, which is emailed to its contact."""
    require(actor, "account.application.review", application)
    reason = check_reason(reason, field="reason", label="退回理由", minimum=2)
    application = AccountApplication.objects.select_for_update().get(pk=application.pk)
    _pending(application)
    application.status = ApplicationStatus.REJECTED
    application.reject_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = actor
    save(application, actor, update_fields=["status", "reject_reason", "decided_at", "decided_by"])
    body = (
        f"{application.contact_name}，您好：\n\n"
        f"贵企业（{application.enterprise_name}，{application.credit_code}）在福建省首席质量官服务平台的账号申请"
        f"已被{application.city}市场监管部门退回，理由如下：\n\n{reason}\n\n"
        "请按上述理由修改后重新提交申请，或联系该设区市市场监管局。"
    )
    transaction.on_commit(partial(send_mail, SUBJECT_REJECTED, body, settings.DEFAULT_FROM_EMAIL, [application.email]))
    return application
