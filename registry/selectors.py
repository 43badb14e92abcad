"""Reads shared by several callers: each role's home page, finding a person by resident ID, the person picker, the
Article 14 status of one enterprise or many, and the Article 15 activities (a person's, and counted for dashboards)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.module_loading import import_string

from cqo_portal.counting import count_each
from eligibility.present import status_label

from . import crypto
from .models import (
    AccountApplication,
    ApplicationStatus,
    Appointment,
    AppointmentStatus,
    City,
    Commendation,
    Enterprise,
    EnterpriseSize,
    ExchangeParticipant,
    ExperienceExchange,
    Notice,
    Person,
    Role,
    User,
    VerdictStatus,
)
from .permissions import can, role_of, sees_province_wide
from .validators import normalize_resident_id


@dataclass
class HomeSummary:
    """What a role's home page shows: a heading, key figures and the next things to do."""

    heading: str
    figures: list[tuple[str, int]] = field(default_factory=list)
    todo: list[TodoItem | str] = field(default_factory=list)


@dataclass
class TodoItem:
    """One line of a home page's 待办事项, with the page that deals with it."""

    text: str
    url: str = ""
    notice_id: int | None = None  # an unread notice, which the page lets the user mark read

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class HomePanel:
    """A notice shown above a home page's to-do list (and on the pages it concerns): `level` is a Bootstrap
    alert colour (danger, warning, info), `message` Chinese text, `url` and `link_text` an optional way on."""

    level: str
    message: str
    url: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class CountedPanels:
    """A settings.HOME_PANELS entry whose panels rest on counts: `querysets(user)` names what to count ({} when the
    user has none of these panels) and `panels(user, counts)` words the numbers. home_panels counts every entry's
    querysets in one query; called on its own, an entry counts its own."""

    querysets: Callable[..., dict[str, QuerySet]]
    panels: Callable[..., list[HomePanel]]

    def __call__(self, user) -> list[HomePanel]:
        return self.panels(user, count_each(**self.querysets(user)))


def home_panels(user) -> list[HomePanel]:
    """The panels the apps above registry add to the user's home page: settings.HOME_PANELS names callables
    (user -> list of HomePanel), so registry shows them without importing those apps. The counts of the
    CountedPanels among them are taken together, in one query."""
    entries = [import_string(path) for path in settings.HOME_PANELS]
    wanted = {
        f"e{index}_{name}": queryset
        for index, entry in enumerate(entries)
        if isinstance(entry, CountedPanels)
        for name, queryset in entry.querysets(user).items()
    }
    counts = count_each(**wanted)
    panels: list[HomePanel] = []
    for index, entry in enumerate(entries):
        if isinstance(entry, CountedPanels):
            prefix = f"e{index}_"
            own = {key.removeprefix(prefix): n for key, n in counts.items() if key.startswith(prefix)}
            panels += entry.panels(user, own)
        else:
            panels += entry(user)
    return panels


def province_figures(user) -> list[tuple[str, int]]:
    """The province's home figures: reporting units, enterprises and training institutions on record (the
    province's dashboard shows them in its cached panel instead)."""
    return [
        ("报备单位", City.objects.visible_to(user).count()),
        ("企业", Enterprise.objects.visible_to(user).count()),
        # Institutions through the account relation: registry imports no app above it.
        ("培训机构", User._meta.get_field("institution").related_model.objects.visible_to(user).count()),
    ]


def home_summary(user, *, figures: bool = True) -> HomeSummary:
    """The heading, figures and to-do list of the user's home page; `figures=False` leaves the province's figures
    out (its dashboard carries them)."""
    role = role_of(user)
    if sees_province_wide(user):
        counts = count_each(
            applications=AccountApplication.objects.visible_to(user).filter(status=ApplicationStatus.PENDING),
            unchecked=Enterprise.objects.visible_to(user).filter(pending_city_check=True),
        )
        return HomeSummary(
            heading="省局工作台",
            figures=province_figures(user) if figures else [],
            todo=_pending_applications_todo(user, counts["applications"])
            + _unchecked_enterprises_todo(user, counts["unchecked"]),
        )
    if role == Role.CITY:
        pending = Appointment.objects.visible_to(user).filter(status=AppointmentStatus.SUBMITTED).count()
        applications = AccountApplication.objects.visible_to(user).filter(status=ApplicationStatus.PENDING).count()
        todo = [
            TodoItem(notice.text, notice.link, notice.pk) for notice in Notice.objects.visible_to(user).unread()[:20]
        ]
        if pending:
            todo.append(
                TodoItem(
                    f"有{pending}份首席质量官聘任待备案",
                    reverse("registry:appointment-list") + f"?status={AppointmentStatus.SUBMITTED}",
                )
            )
        todo += _pending_applications_todo(user, applications)
        unchecked = Enterprise.objects.visible_to(user).filter(pending_city_check=True).count()
        todo += _unchecked_enterprises_todo(user, unchecked)
        return HomeSummary(
            heading=f"{user.city.name}工作台",
            figures=[
                ("本地企业", Enterprise.objects.visible_to(user).count()),
                ("待备案聘任", pending),
                ("待审核账号申请", applications),
                ("待核实企业", unchecked),
            ],
            todo=todo,
        )
    if role == Role.INSTITUTION:
        return HomeSummary(heading=f"{user.institution.name}工作台")
    returned = Appointment.objects.visible_to(user).filter(status=AppointmentStatus.RETURNED)
    todo = [
        TodoItem(
            f"{a.person.name}的聘任被设区市局退回：{a.return_reason}",
            reverse("registry:appointment-detail", kwargs={"pk": a.pk}),
        )
        for a in returned.select_related("person")[:20]
    ]
    todo += [TodoItem(n.text, n.link, n.pk) for n in Notice.objects.visible_to(user).unread()[:20]]
    todo += _enterprise_setup_todo(user.enterprise)
    return HomeSummary(heading=f"{user.enterprise.name}工作台", todo=todo)


def _pending_applications_todo(user, count: int | None = None) -> list[TodoItem]:
    """The enterprise account applications in the user's scope waiting for a decision, as one to-do line."""
    if count is None:
        count = AccountApplication.objects.visible_to(user).filter(status=ApplicationStatus.PENDING).count()
    if not count:
        return []
    url = reverse("registry:account-application-list") + f"?status={ApplicationStatus.PENDING}"
    return [TodoItem(f"有{count}份企业账号申请待审核", url)]


def _unchecked_enterprises_todo(user, count: int | None = None) -> list[TodoItem]:
    """The enterprises in the user's scope that a graduate import created and no bureau has checked yet."""
    if count is None:
        count = Enterprise.objects.visible_to(user).filter(pending_city_check=True).count()
    if not count:
        return []
    url = reverse("registry:enterprise-list") + "?pending_city_check=1"
    return [TodoItem(f"有{count}家企业由培训机构导入结业学员时新建，待核实并完善企业信息", url)]


def _enterprise_setup_todo(enterprise: Enterprise) -> list[TodoItem]:
    """What an enterprise still has to do to run the CQO system: its profile, the post (Art. 4), its CQO (Art. 2)."""
    todo = []
    edit = reverse("registry:enterprise-update", kwargs={"pk": enterprise.pk})
    if enterprise.size == EnterpriseSize.UNKNOWN and not enterprise.size_confirmed_by_city:
        todo.append(
            TodoItem(
                "完善企业信息：填写行业、从业人员、营业收入、资产总额，以确定企业规模（第五条按规模适用条件）", edit
            )
        )
    if not enterprise.cqo_post_established:
        todo.append(TodoItem("设立首席质量官岗位并授予相应职权后，请在企业信息中勾选（第四条）", edit))
    # A CQO in office today (current(): one who has since moved elsewhere is not), or one on its way.
    ours = Appointment.objects.filter(enterprise=enterprise)
    on_its_way = ours.filter(status__in=[AppointmentStatus.SUBMITTED, AppointmentStatus.SCHEDULED])
    if not ours.current().exists() and not on_its_way.exists():
        todo.append(
            TodoItem(
                "本企业尚未登记首席质量官：由法定代表人聘任后在此登记并提交备案（第二条）",
                reverse("registry:appointment-create"),
            )
        )
    return todo


# How many persons the picker offers at once: a search narrows it, a city may have 100,000 persons.
PERSON_PICKER_SIZE = 50


def person_search(persons, text: str, *, limit: int = PERSON_PICKER_SIZE) -> list[Person]:
    """The first `limit` of `persons` (already scoped) whose name or enterprise contains `text`, or whose
    masked ID ends with it (e.g. the last four digits); no text: the first `limit` by name."""
    text = (text or "").strip()[:50]
    rows = persons.select_related("enterprise").order_by("name", "pk")
    if text:
        rows = rows.filter(
            Q(name__icontains=text) | Q(enterprise__name__icontains=text) | Q(resident_id_masked__endswith=text.upper())
        )
    return list(rows[:limit])


def person_find_by_resident_id(number: str) -> Person | None:
    """The person with this resident ID, found through the keyed hash; unscoped, so callers add visible_to.
    Only services.id_lookup (which logs and limits) and the services' own integrity checks call it."""
    try:
        normalised = normalize_resident_id(number)
    except ValidationError:
        return None  # characters no resident ID has: nobody holds it
    if not normalised:
        return None
    return Person.objects.filter(resident_id_hash=crypto.keyed_hash(normalised)).first()


@dataclass
class CqoStatus:
    """Article 14: an enterprise's CQO-system status, as famous-brand, credit and award evaluations ask it."""

    credit_code: str
    enterprise_name: str
    post_established: bool
    empowered: bool
    cqo_acknowledged: bool
    cqo_name: str = ""
    cqo_eligible: bool = False
    verdict_status: str = ""
    since: datetime.date | None = None  # the current CQO's appointment date


def cqo_status(enterprise: Enterprise) -> CqoStatus:
    """The enterprise's CQO-system status from its current acknowledged appointment (two queries)."""
    current = Appointment.objects.filter(enterprise=enterprise).current().select_related("person").first()
    status = CqoStatus(
        credit_code=enterprise.credit_code,
        enterprise_name=enterprise.name,
        post_established=enterprise.cqo_post_established,
        empowered=enterprise.cqo_empowered,
        cqo_acknowledged=current is not None,
    )
    if current is not None:
        status.cqo_name = current.person.name
        status.verdict_status = current.verdict_status
        status.cqo_eligible = current.verdict_status == VerdictStatus.ELIGIBLE
        status.since = current.appointed_on
    return status


# ---------------------------------------------------------------------------
# Article 14 for evaluators: the status of many enterprises at once
# ---------------------------------------------------------------------------

NOT_REGISTERED = "未登记"


@dataclass
class StatusRow:
    """One line of the many-codes look-up: a code as typed (line number), and what is on file for it. `status` is
    None for a code not registered, or registered outside the user's scope: the two read the same."""

    line: int
    code: str
    status: CqoStatus | None = None
    unit: str = ""

    @property
    def cqo_masked_name(self) -> str:
        return crypto.mask_name(self.status.cqo_name) if self.status and self.status.cqo_acknowledged else ""

    @property
    def verdict_label(self) -> str:
        """The eligibility wording (eligibility.present); blank without an acknowledged CQO."""
        if self.status is None or not self.status.cqo_acknowledged:
            return ""
        return status_label(self.status.verdict_status)


def cqo_statuses(user, enterprises) -> dict[str, tuple[CqoStatus, str]]:
    """Article 14 for many enterprises at once, in two queries whatever their number: {credit code: (status, unit
    name)} for the `enterprises` (a queryset, already filtered) that the user may see."""
    rows = list(Enterprise.objects.visible_to(user).filter(pk__in=enterprises.values("pk")).select_related("city"))
    current = {
        appointment.enterprise_id: appointment
        for appointment in Appointment.objects.filter(enterprise__in=[e.pk for e in rows])
        .current()
        .select_related("person")
    }
    answer = {}
    for enterprise in rows:
        status = CqoStatus(
            credit_code=enterprise.credit_code,
            enterprise_name=enterprise.name,
            post_established=enterprise.cqo_post_established,
            empowered=enterprise.cqo_empowered,
            cqo_acknowledged=enterprise.pk in current,
        )
        appointment = current.get(enterprise.pk)
        if appointment is not None:
            status.cqo_name = appointment.person.name
            status.verdict_status = appointment.verdict_status
            status.cqo_eligible = appointment.verdict_status == VerdictStatus.ELIGIBLE
            status.since = appointment.appointed_on
        answer[enterprise.credit_code] = (status, enterprise.city.name if enterprise.city_id else "")
    return answer


def cqo_status_rows(user, codes: list[tuple[int, str]]) -> list[StatusRow]:
    """The look-up's table for (line, normalised code) pairs, in their order: a code outside the user's scope gets
    the same row as one nobody registered (未登记)."""
    found = cqo_statuses(user, Enterprise.objects.filter(credit_code__in={code for _, code in codes}))
    rows = []
    for line, code in codes:
        status, unit = found.get(code, (None, ""))
        rows.append(StatusRow(line=line, code=code, status=status, unit=unit))
    return rows


# ---------------------------------------------------------------------------
# Article 15: experience exchanges and commendations
# ---------------------------------------------------------------------------


@dataclass
class PersonActivities:
    """The "交流活动与表彰" card of a person's pages: what the user may see of them."""

    participations: list[ExchangeParticipant]
    commendations: list[Commendation]


def person_activities(user, person: Person) -> PersonActivities | None:
    """The exchanges the person took part in and their commendations, as far as the user sees them (two queries);
    None for a role that sees no activities (institutions, enterprises), whose pages then show no card."""
    if not can(user, "activity.view"):
        return None
    participations = (
        ExchangeParticipant.objects.filter(person=person, exchange__in=ExperienceExchange.objects.visible_to(user))
        .select_related("exchange")
        .order_by("-exchange__held_on", "-pk")
    )
    commendations = Commendation.objects.visible_to(user).filter(person=person).order_by("-year", "-pk")
    return PersonActivities(participations=list(participations), commendations=list(commendations))


NO_UNIT = "（无在职单位）"


@dataclass(frozen=True)
class ActivityCount:
    """Exchanges and commendations of one year and reporting unit (the unit of the person's employer)."""

    year: int
    unit: str  # a reporting unit's name, or NO_UNIT
    exchanges: int  # exchanges in which a person of the unit took part (one exchange counts once per unit)
    commendations: int


def _participations_counted(user):
    """The exchange participations the user's figures count: the province all; a city only its own persons' part,
    not the other units' in the same event."""
    participants = ExchangeParticipant.objects.filter(exchange__in=ExperienceExchange.objects.visible_to(user))
    if not sees_province_wide(user):
        participants = participants.filter(person__in=Person.objects.visible_to(user))
    return participants


def activity_years(user) -> list[tuple[int, int, int, int]]:
    """Article 15 per year, as far as the user sees: (year, exchanges held that year, persons' participations in
    them, commendations of that year), oldest year first. Three grouped queries; an exchange counts once however
    many units took part (activity_counts splits it by unit)."""
    exchanges = dict(
        ExperienceExchange.objects.visible_to(user)
        .annotate(year=ExtractYear("held_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    participations = dict(
        _participations_counted(user)
        .annotate(year=ExtractYear("exchange__held_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    commendations = dict(
        Commendation.objects.visible_to(user).values("year").annotate(n=Count("pk")).values_list("year", "n")
    )
    years = sorted(set(exchanges) | set(participations) | set(commendations))
    return [(y, exchanges.get(y, 0), participations.get(y, 0), commendations.get(y, 0)) for y in years]


def activity_counts(user) -> list[ActivityCount]:
    """Article 15 for the dashboards: per year and reporting unit, the exchanges persons of the unit took part in
    and their commendations, as far as the user sees them. Counted by the database (two grouped queries), sorted by
    year then unit code. An exchange with persons of three units counts once for each of them."""
    participants = _participations_counted(user)
    exchanges = (
        participants.values(year=ExtractYear("exchange__held_on"), code=F("person__enterprise__city__code"))
        .annotate(unit=F("person__enterprise__city__name"), n=Count("exchange", distinct=True))
        .values_list("year", "code", "unit", "n")
    )
    commendations = (
        Commendation.objects.visible_to(user)
        .values("year", code=F("person__enterprise__city__code"))
        .annotate(unit=F("person__enterprise__city__name"), n=Count("pk"))
        .values_list("year", "code", "unit", "n")
    )
    table: dict[tuple[int, str], list] = {}
    for column, rows in ((0, exchanges), (1, commendations)):
        for year, code, unit, n in rows:
            cell = table.setdefault((year, code or ""), [unit or NO_UNIT, 0, 0])
            cell[1 + column] += n
    return [
        ActivityCount(year=year, unit=unit, exchanges=exchanges_n, commendations=commendations_n)
        for (year, _), (unit, exchanges_n, commendations_n) in sorted(
            table.items(), key=lambda item: (item[0][0], item[0][1] or "999999")
        )
    ]
