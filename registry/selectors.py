"""Reads shared by several pages: what each role's home page shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from training.models import Institution

from .models import City, Enterprise, Role


@dataclass
class HomeSummary:
    """What a role's home page shows: a heading, key figures and the next things to do."""

    heading: str
    figures: list[tuple[str, int]] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)


def home_summary(user) -> HomeSummary:
    role = Role.PROVINCE if user.is_superuser else user.role
    if role == Role.PROVINCE:
        return HomeSummary(
            heading="省局工作台",
            figures=[
                ("报备单位", City.objects.visible_to(user).count()),
                ("企业", Enterprise.objects.visible_to(user).count()),
                ("培训机构", Institution.objects.visible_to(user).count()),
            ],
        )
    if role == Role.CITY:
        return HomeSummary(
            heading=f"{user.city.name}工作台",
            figures=[("本地企业", Enterprise.objects.visible_to(user).count())],
        )
    if role == Role.INSTITUTION:
        return HomeSummary(heading=f"{user.institution.name}工作台")
    return HomeSummary(heading=f"{user.enterprise.name}工作台")
