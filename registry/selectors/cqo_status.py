"""Article 14: the CQO-system status of one enterprise, and of many at once for the evaluators."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from eligibility.present import status_label

from .. import crypto
from ..models import (
    Appointment,
    Enterprise,
    VerdictStatus,
)


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
