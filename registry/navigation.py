"""The navigation bar: which pages each role reaches. Later issues add their entries here."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Role

ALL_ROLES = frozenset(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]


NAV_ITEMS: list[NavItem] = [
    NavItem("首页", "home", ALL_ROLES),
    NavItem("企业", "registry:enterprise-list", frozenset({Role.PROVINCE, Role.CITY})),
    NavItem("本企业", "registry:my-enterprise", frozenset({Role.ENTERPRISE})),
    NavItem("人才库", "registry:pool-list", ALL_ROLES),
    NavItem("聘任备案", "registry:appointment-list", frozenset({Role.PROVINCE, Role.CITY, Role.ENTERPRISE})),
    NavItem("制度实施查询", "registry:cqo-status", frozenset({Role.PROVINCE, Role.CITY})),
    NavItem("第六条认定", "registry:finding-list", frozenset({Role.PROVINCE, Role.CITY})),
    NavItem("培训机构", "training:institution-list", frozenset({Role.PROVINCE})),
    NavItem("访问日志", "registry:access-log", frozenset({Role.PROVINCE})),
    NavItem("任职资格自查", "eligibility:check", ALL_ROLES),
]


def items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    role = Role.PROVINCE if user.is_superuser else user.role
    return [item for item in NAV_ITEMS if role in item.roles]
