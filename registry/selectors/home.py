"""Each role's home page: its heading, figures and to-do list, and the panels the apps above registry add."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.module_loading import import_string

from cqo_portal.counting import count_each

from ..models import (
    AccountApplication,
    ApplicationStatus,
    Appointment,
    AppointmentStatus,
    City,
    Enterprise,
    EnterpriseSize,
    Notice,
    Role,
    User,
)
from ..permissions import role_of, sees_province_wide


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
