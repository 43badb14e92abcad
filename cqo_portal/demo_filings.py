"""The filings side of the demo (CONTRACT §5): every obligation begun by today, and a history filed through the
filing services as the bureaux and the institution would have filed it — most units on time, some late, one
returned, the latest due report of one unit missing (overdue and not submitted on the day seed_demo runs), the
current period still open. A filing the demo has touched is never touched again, so a second run changes nothing.

The plan is a pure function of the unit's place in the order and how many periods back a report was due, so the
grid looks the same on every machine: periods are counted back from the newest one due by today."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from filings.models import Filing, FilingKind, FilingStatus
from filings.services import filing_accept, filing_return, filing_save_draft, filing_submit, filings_ensure
from registry.models import City, Notice, User
from registry.services.notices import notice_mark_read
from training.models import Institution

SUBMITTED_AT = datetime.time(10, 0)
# Unit (by its place in the reporting units' order) -> what became of its newest report due by today.
LATEST_MISSING = 6  # 南平市: overdue, never submitted
LATEST_RETURNED = 2  # 莆田市: filed 3 days late, returned by the province
LATEST_LATE = {3: 2, 5: 9}  # 三明市, 漳州市: days late, waiting for review
LATEST_ACCEPTED = {1, 7, 9}  # 厦门市, 龙岩市, 平潭: on time and accepted; the others on time, waiting for review
RETURN_REASON = "新增聘任人数与所附备案清单不一致，请核对后重新提交。"
# Pingtan missed its very first report (2025年第1季度), the oldest gap in the grid.
FIRST_PERIOD_MISSING = 9
# Notices about reports due this many periods back or more were read long ago.
READ_FROM_PERIODS_BACK = 2
COHORT_FILING_DAYS_LATE = 6


def _late_days(unit: int, back: int) -> int:
    """Older periods: now and then a unit filed a few days late."""
    if back == 0:
        return LATEST_LATE.get(unit, 3 if unit == LATEST_RETURNED else 0)
    return 1 + (unit + back) % 10 if (unit + 2 * back) % 7 == 3 else 0


def _submitted_on(filing: Filing, late: int, unit: int, back: int) -> datetime.datetime:
    early = 1 + (unit + back) % 9  # on-time reports came in up to nine days before the due date
    day = filing.due_date + datetime.timedelta(days=late if late else -early)
    return timezone.make_aware(datetime.datetime.combine(day, SUBMITTED_AT))


def _narrative(filing: Filing) -> str:
    return (
        f"{filing.filer_name}{filing.period_label}首席质量官制度实施情况：本期继续推动重点企业设立首席质量官岗位，"
        "对新聘任人员做好备案核查，组织企业参加省局委托机构的培训，并对任职情况开展抽查。"
    )


def _demo_submit(filing: Filing, *, actor: User, late: int, unit: int, back: int) -> Filing:
    filing_save_draft(filing=filing, narrative=_narrative(filing), actor=actor)
    filing_submit(filing=filing, actor=actor, now=_submitted_on(filing, late, unit, back))
    return Filing.objects.get(pk=filing.pk)


def demo_filings(*, province: User, institution: Institution) -> None:
    """Create the obligations begun by today and the demo's filing history (see the module's docstring);
    `institution` is the demo's entrusted one, filing as the `institution` login."""
    today = timezone.localdate()
    filings_ensure(today=today)
    _city_history(province, today)
    _institution_history(province, institution, today)


def _city_history(province: User, today: datetime.date) -> None:
    cities = list(City.objects.order_by("order", "code"))
    filers = {user.city_id: user for user in User.objects.filter(username__in=[f"city-{c.code}" for c in cities])}
    reports = Filing.objects.filter(kind=FilingKind.CITY_REPORT)
    due = sorted({start for start in reports.filter(due_date__lt=today).values_list("period_start", flat=True)})
    back_of = {start: len(due) - 1 - index for index, start in enumerate(due)}
    untouched = reports.filter(status=FilingStatus.DRAFT, version_count=0, narrative="")
    for unit, city in enumerate(cities):
        filer = filers.get(city.pk)
        if filer is None:
            continue
        for filing in untouched.filter(city=city, due_date__lt=today).order_by("period_start"):
            back = back_of[filing.period_start]
            if (back == 0 and unit == LATEST_MISSING) or (back == len(due) - 1 and unit == FIRST_PERIOD_MISSING):
                continue
            filing = _demo_submit(filing, actor=filer, late=_late_days(unit, back), unit=unit, back=back)
            if back == 0 and unit == LATEST_RETURNED:
                filing_return(filing=filing, reason=RETURN_REASON, actor=province)
            elif back > 0 or unit in LATEST_ACCEPTED:
                filing_accept(filing=filing, actor=province)
    # The first unit has begun this period's report: a saved draft, nothing submitted yet.
    current = untouched.filter(city=cities[0], due_date__gte=today).order_by("period_start").first()
    if current is not None and cities[0].pk in filers:
        filing_save_draft(filing=current, narrative=_narrative(current), actor=filers[cities[0].pk])
    old = list(reports.filter(period_start__in=[s for s, back in back_of.items() if back >= READ_FROM_PERIODS_BACK]))
    # The services' notices are written when their transaction commits (seed_demo runs in one): read them after.
    transaction.on_commit(lambda: _read_old_notices(old, province))


def _institution_history(province: User, institution: Institution, today: datetime.date) -> None:
    """The demo institution filed its ended cohort six days late (accepted) and its last annual report on time
    (waiting for the province's review)."""
    filer = User.objects.filter(username="institution", institution=institution).first()
    if filer is None:
        return
    untouched = Filing.objects.filter(
        institution=institution, status=FilingStatus.DRAFT, version_count=0, narrative="", due_date__lt=today
    )
    for filing in untouched.filter(kind=FilingKind.COHORT_FILING).order_by("due_date"):
        filing = _demo_submit(filing, actor=filer, late=COHORT_FILING_DAYS_LATE, unit=0, back=1)
        filing_accept(filing=filing, actor=province)
    annual = untouched.filter(kind=FilingKind.ANNUAL_REPORT).order_by("-period_start").first()
    if annual is not None:
        _demo_submit(annual, actor=filer, late=0, unit=0, back=0)


def _read_old_notices(filings, province: User) -> None:
    """The notices about long-decided reports were read back then (the bureau reading them, through the service)."""
    links = {reverse("filings:filing-detail", kwargs={"pk": filing.pk}) for filing in filings}
    readers = {user.city_id: user for user in User.objects.filter(username__startswith="city-")}
    for notice in Notice.objects.filter(link__in=links, read_at__isnull=True):
        reader = province if notice.recipient_province else readers.get(notice.recipient_city_id)
        if reader is not None:
            notice_mark_read(notice=notice, actor=reader)
