"""Who may do what: the portal's one policy table, asked by services, views, buttons and the menu.

Each action names the roles allowed and, where the answer depends on the object, the rule that
ties the user's organisation to it. *Which rows* a user sees is not decided here but in each
model's `visible_to(user)`; another scope's object is a 404 before any action is asked.

A superuser counts as provincial staff everywhere: the measures give the appointment to the
enterprise's legal representative, so the province (and the admin) reviews appointments and
does not file, submit or dismiss them for an enterprise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    PROVINCE = "province", "省局工作人员"
    CITY = "city", "设区市局工作人员"
    INSTITUTION = "institution", "培训机构工作人员"
    ENTERPRISE = "enterprise", "企业用户"


PROVINCE, CITY, INSTITUTION, ENTERPRISE = Role.PROVINCE, Role.CITY, Role.INSTITUTION, Role.ENTERPRISE
EVERYONE = frozenset(Role.values)
BUREAUX = frozenset({PROVINCE, CITY})


def role_of(user) -> str | None:
    """The role the user acts in (a superuser acts as provincial staff); None when signed out."""
    if user is None or not user.is_authenticated:
        return None
    return PROVINCE if user.is_superuser else user.role


def sees_province_wide(user) -> bool:
    """Provincial staff read every row; every other role is scoped to its organisation."""
    return role_of(user) == PROVINCE


# ---------------------------------------------------------------------------
# Object rules: does the user act for the organisation the object belongs to? Province: always.
# ---------------------------------------------------------------------------


def _city_of(obj) -> int | None:
    """The reporting unit of a city, an enterprise, or anything with an enterprise or a city."""
    if hasattr(obj, "city_id"):
        return obj.city_id
    enterprise = getattr(obj, "enterprise", None)
    if enterprise is not None:
        return enterprise.city_id
    return getattr(obj, "pk", None)  # a City itself


def _own_unit(user, obj) -> bool:
    return role_of(user) == PROVINCE or (role_of(user) == CITY and _city_of(obj) == user.city_id)


def _own_enterprise(user, enterprise) -> bool:
    return role_of(user) == ENTERPRISE and enterprise is not None and enterprise.pk == user.enterprise_id


def _edits_enterprise(user, enterprise) -> bool:
    return _own_unit(user, enterprise) or _own_enterprise(user, enterprise)


def _employs_in_scope(user, enterprise) -> bool:
    """Persons are scoped by their employer: a bureau or enterprise registers only people it can then see."""
    if role_of(user) in (PROVINCE, INSTITUTION):
        return True
    if enterprise is None:
        return False
    return _edits_enterprise(user, enterprise)


def _corrects_person(user, person) -> bool:
    """A bureau corrects the persons in its scope (visible_to); an enterprise only the ones it employs now: on its
    staff (Person.enterprise) or its current CQO, never a former CQO who has since moved on."""
    if role_of(user) != ENTERPRISE:
        return True
    if person.enterprise_id == user.enterprise_id:
        return True
    # The reverse relation: permissions sit below the models and import none of them.
    return person.appointments.filter(enterprise_id=user.enterprise_id, status="acknowledged").exists()


def _recorded_it(user, finding) -> bool:
    """The province lifts any finding; a city bureau only those it recorded itself."""
    return role_of(user) == PROVINCE or (role_of(user) == CITY and finding.city_id == user.city_id)


def _manages_account(user, account) -> bool:
    """The province manages every account but a superuser's (only a superuser does); a city bureau manages the
    enterprise accounts of its own enterprises. `account` may be unsaved: the account about to be created."""
    if getattr(account, "is_superuser", False) and not user.is_superuser:
        return False
    if role_of(user) == PROVINCE:
        return True
    enterprise = getattr(account, "enterprise", None) if account.role == ENTERPRISE else None
    return role_of(user) == CITY and enterprise is not None and enterprise.city_id == user.city_id


def _own_institution(user, obj) -> bool:
    """The province acts on every institution's rows; an institution's staff only on their own institution's (a
    cohort, an import: anything with an institution_id, or with a cohort that has one)."""
    if role_of(user) == PROVINCE:
        return True
    cohort = getattr(obj, "cohort", None)
    institution_id = getattr(cohort if cohort is not None else obj, "institution_id", None)
    return role_of(user) == INSTITUTION and institution_id is not None and institution_id == user.institution_id


def _files_it(user, filing) -> bool:
    """The filer of a filing (or of an attachment's filing): a city bureau its unit's implementation reports, an
    institution its own cohort filings and annual reports. The province decides on filings and files none."""
    filing = getattr(filing, "filing", filing)
    role = role_of(user)
    if role == CITY:
        return filing.city_id is not None and filing.city_id == user.city_id
    if role == INSTITUTION:
        return filing.institution_id is not None and filing.institution_id == user.institution_id
    return False


def _sees_filing(user, filing) -> bool:
    return role_of(user) == PROVINCE or _files_it(user, filing)


def _appointment_enterprise(rule: Callable) -> Callable:
    """An object rule about an enterprise, asked of an appointment or of the enterprise itself."""
    return lambda user, obj: rule(user, getattr(obj, "enterprise", obj))


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    refusal: str  # what the user is told, in Chinese
    obj: Callable | None = None  # (user, obj) -> bool, asked only when an object is given


# ---------------------------------------------------------------------------
# The table. Read it as: action -> who, and for which objects.
# ---------------------------------------------------------------------------

POLICY: dict[str, Rule] = {
    "home.view": Rule(EVERYONE, "请先登录。"),
    "eligibility.check": Rule(EVERYONE, "请先登录。"),
    "notice.read": Rule(EVERYONE, "您无权处理该通知。"),
    "notice.list": Rule(EVERYONE, "请先登录。"),
    # Enterprises (Article 4: the post and its powers are on the profile)
    "enterprise.list": Rule(BUREAUX, "只有省局和设区市局工作人员可以查看企业名单。"),
    "enterprise.view": Rule(EVERYONE, "您无权查看该企业。"),
    "enterprise.mine": Rule(frozenset({ENTERPRISE}), "只有企业用户有本企业页面。"),
    "enterprise.create": Rule(
        BUREAUX, "只有省局和设区市局工作人员可以新增企业；设区市局只能在本报备单位新增。", _own_unit
    ),
    "enterprise.edit": Rule(frozenset({PROVINCE, CITY, ENTERPRISE}), "您无权修改该企业的信息。", _edits_enterprise),
    "enterprise.change_registration": Rule(frozenset({PROVINCE}), "统一社会信用代码和所属报备单位只能由省局修改。"),
    "enterprise.confirm_size": Rule(BUREAUX, "只有企业所属的设区市局或省局可以确认企业规模。", _own_unit),
    # An enterprise a graduate import created waits for its city bureau to check and complete it.
    "enterprise.confirm_record": Rule(BUREAUX, "只有企业所属的设区市局或省局可以核实该企业。", _own_unit),
    # Persons and their resident IDs
    "person.register": Rule(EVERYONE, "您只能登记本单位（本报备单位企业）的人员。", _employs_in_scope),
    "person.edit": Rule(
        frozenset({PROVINCE, CITY, ENTERPRISE}),
        "您无权修改该人员的信息：企业只能更正本企业在职人员和现任首席质量官的信息。",
        _corrects_person,
    ),
    "person.reveal_id": Rule(frozenset({PROVINCE}), "只有省局工作人员可以查看完整身份证号码。"),
    "person.see_duplicates": Rule(frozenset({PROVINCE}), "只有省局工作人员可以查看疑似重复登记的人员。"),
    "access_log.view": Rule(frozenset({PROVINCE}), "只有省局工作人员可以查看访问日志。"),
    # The talent pool (Article 12)
    "pool.view": Rule(EVERYONE, "请先登录。"),
    "pool.size_estimate": Rule(frozenset({PROVINCE}), "只有省局可以查看全省人才库规模。"),
    # Appointments (Articles 2, 7, 13): the enterprise files, its city bureau (or the province) reviews
    "appointment.list": Rule(frozenset({PROVINCE, CITY, ENTERPRISE}), "您的角色无权查看聘任备案。"),
    "appointment.view": Rule(EVERYONE, "您无权查看该聘任。"),
    "appointment.file": Rule(
        frozenset({ENTERPRISE}),
        "只有本企业用户可以登记、提交本企业的首席质量官聘任（由法定代表人聘任）。",
        _appointment_enterprise(_own_enterprise),
    ),
    "appointment.dismiss": Rule(
        frozenset({ENTERPRISE}), "只有本企业用户可以解聘本企业的首席质量官。", _appointment_enterprise(_own_enterprise)
    ),
    # A draft or a returned filing is the enterprise's to correct; a draft (never seen by the bureau) to delete.
    "appointment.edit": Rule(
        frozenset({ENTERPRISE}),
        "只有本企业用户可以修改本企业的聘任草稿或退回的聘任。",
        _appointment_enterprise(_own_enterprise),
    ),
    "appointment.delete": Rule(
        frozenset({ENTERPRISE}), "只有本企业用户可以删除本企业的聘任草稿。", _appointment_enterprise(_own_enterprise)
    ),
    "appointment.review": Rule(
        BUREAUX, "只有企业所属的设区市局或省局可以备案或退回该聘任。", _appointment_enterprise(_own_unit)
    ),
    "cqo_status.lookup": Rule(BUREAUX, "只有省局和设区市局工作人员可以查询企业首席质量官制度实施情况。"),
    # Article 15: the province records experience exchanges and commendations; a city bureau reads those of the
    # persons in its scope (ExperienceExchange / Commendation.visible_to); institutions and enterprises neither.
    "activity.view": Rule(BUREAUX, "只有省局和设区市局工作人员可以查看经验交流活动和表彰。"),
    "activity.manage": Rule(frozenset({PROVINCE}), "只有省局工作人员可以登记、修改或删除经验交流活动和表彰。"),
    # Article 6 findings
    "finding.list": Rule(BUREAUX, "只有省局和设区市局工作人员可以查看第六条情形认定名单。"),
    "finding.view": Rule(frozenset({PROVINCE, CITY, ENTERPRISE}), "您无权查看该认定。"),
    "finding.record": Rule(BUREAUX, "只有省局和设区市局工作人员可以登记第六条情形认定。"),
    "finding.lift": Rule(BUREAUX, "只有省局或作出认定的设区市局可以解除该认定。", _recorded_it),
    # Accounts: the province for every unit, a city bureau for its enterprises (and their applications)
    "account.list": Rule(BUREAUX, "只有省局和设区市局工作人员可以管理账号。"),
    "account.manage": Rule(BUREAUX, "省局管理各类账号；设区市局只能管理本报备单位企业的企业账号。", _manages_account),
    "account.application.review": Rule(
        BUREAUX, "只有申请所选报备单位的设区市局或省局可以审核该企业账号申请。", _own_unit
    ),
    # Training (Articles 9, 10)
    "institution.list": Rule(frozenset({PROVINCE}), "只有省局工作人员可以管理培训机构。"),
    "institution.view": Rule(EVERYONE, "您无权查看该培训机构。"),
    "institution.mine": Rule(frozenset({INSTITUTION}), "只有培训机构工作人员有本机构页面。"),
    # Institutions, their staff accounts (account.manage), entrustment periods (add, end, revoke) and certificates
    "institution.manage": Rule(frozenset({PROVINCE}), "只有省局工作人员可以管理培训机构、委托和证书。"),
    # Cohorts (班次): an institution runs its own, inside an entrustment period; the province sees and corrects all
    "cohort.list": Rule(frozenset({PROVINCE, INSTITUTION}), "只有省局和培训机构工作人员可以查看培训班次。"),
    "cohort.create": Rule(frozenset({INSTITUTION}), "只有培训机构工作人员可以为本机构开设培训班次。"),
    "cohort.edit": Rule(frozenset({PROVINCE, INSTITUTION}), "培训机构只能修改本机构的培训班次。", _own_institution),
    # Graduates (Articles 10, 11): every role reads the training in its scope (Graduate.objects.visible_to: an
    # institution its own cohorts', a city bureau its enterprises' staff's, an enterprise its own staff's).
    "graduate.list": Rule(EVERYONE, "您无权查看结业学员。"),
    "cohort.graduates": Rule(frozenset({PROVINCE, INSTITUTION}), "只有省局和培训机构工作人员可以查看班次的学员名单。"),
    # The graduate import: the institution that runs the cohort uploads and confirms; the province follows it.
    "graduate.import.view": Rule(
        frozenset({PROVINCE, INSTITUTION}), "只有省局和培训机构工作人员可以查看结业学员导入。"
    ),
    # The institution answers for its graduates' file (Article 10); the province oversees and does not import
    # for it (an operator can still run `manage.py import_graduates`, CONTRACT §3).
    "graduate.import": Rule(
        frozenset({INSTITUTION}), "只有该班次所属培训机构的工作人员可以导入学员名单。", _own_institution
    ),
    # Certificates (Articles 2, 12): the institution issues its own; it or the province revokes; the public verifies
    "certificate.list": Rule(frozenset({PROVINCE, INSTITUTION}), "只有省局和培训机构工作人员可以查看结业证书。"),
    "certificate.issue": Rule(
        frozenset({INSTITUTION}), "只有本培训机构的工作人员可以为本机构的班次颁发结业证书。", _own_institution
    ),
    "certificate.revoke": Rule(
        frozenset({PROVINCE, INSTITUTION}),
        "只有发证的培训机构或省局可以撤销该结业证书。",
        _own_institution,
    ),
    # Filings (Articles 3, 10): city bureaux file their unit's implementation reports, institutions their cohort
    # filings and annual reports; the province sets the schedules and accepts or returns what is filed.
    "filing.list": Rule(frozenset({PROVINCE, CITY, INSTITUTION}), "只有省局、设区市局和培训机构工作人员可以查看报备。"),
    "filing.view": Rule(frozenset({PROVINCE, CITY, INSTITUTION}), "您无权查看该报备。", _sees_filing),
    "filing.edit": Rule(
        frozenset({CITY, INSTITUTION}), "只有报备单位（本设区市局或本培训机构）可以填写该报备。", _files_it
    ),
    "filing.submit": Rule(
        frozenset({CITY, INSTITUTION}), "只有报备单位（本设区市局或本培训机构）可以提交该报备。", _files_it
    ),
    "filing.decide": Rule(frozenset({PROVINCE}), "只有省局工作人员可以审核（通过或退回）报备。"),
    # Dashboards (issue 14): the province's, with every figure over the whole province
    "dashboard.view": Rule(frozenset({PROVINCE}), "只有省局工作人员可以查看全省统计看板。"),
    # A city bureau's home page: its unit's figures beside the provincial average (never another unit's figure)
    "dashboard.view_city": Rule(frozenset({CITY}), "只有设区市局工作人员可以查看本市统计看板。"),
    # A training institution's home page: its own cohorts, graduates, certificates and filings
    "dashboard.view_institution": Rule(frozenset({INSTITUTION}), "只有培训机构工作人员可以查看本机构统计看板。"),
    # The statistics table and its API: the province every unit, a city bureau its own unit's row only.
    "statistics.view": Rule(BUREAUX, "只有省局和设区市局工作人员可以查看统计报表。"),
    "schedule.view": Rule(frozenset({PROVINCE}), "只有省局工作人员可以查看报备周期。"),
    "schedule.edit": Rule(frozenset({PROVINCE}), "只有省局工作人员可以设置报备周期。"),
    # The compliance grid of filings (Articles 3, 10): the province follows every filer's timeliness.
    "filing.grid": Rule(frozenset({PROVINCE}), "只有省局工作人员可以查看报备情况一览。"),
}


def can(user, action: str, obj=None) -> bool:
    """Whether `user` may do `action` (to `obj`, when the answer depends on it)."""
    rule = POLICY[action]  # an unknown action is a programming error, not a refusal
    role = role_of(user)
    if role not in rule.roles:
        return False
    return obj is None or rule.obj is None or bool(rule.obj(user, obj))


def require(actor, action: str, obj=None) -> None:
    """For services: raise PermissionDenied with the action's Chinese reason unless `actor` may act.

    `actor=None` is the system itself (demo data, commands run by an operator), which may do anything.
    """
    if actor is not None and not can(actor, action, obj):
        raise PermissionDenied(POLICY[action].refusal)
