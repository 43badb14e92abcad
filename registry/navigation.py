"""The navigation bar: each entry names the policy action that opens its page, so the menu shows what the user may open."""

from __future__ import annotations

from dataclasses import dataclass

from .permissions import can


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str  # an action of registry.permissions.POLICY


NAV_ITEMS: list[NavItem] = [
    NavItem("首页", "home", "home.view"),
    NavItem("企业", "registry:enterprise-list", "enterprise.list"),
    NavItem("本企业", "registry:my-enterprise", "enterprise.mine"),
    NavItem("人才库", "pool:list", "pool.view"),
    NavItem("结业学员", "training:graduate-list", "graduate.list"),
    NavItem("聘任备案", "registry:appointment-list", "appointment.list"),
    NavItem("制度实施查询", "registry:cqo-status", "cqo_status.lookup"),
    NavItem("第六条认定", "registry:finding-list", "finding.list"),
    NavItem("交流与表彰", "registry:exchange-list", "activity.view"),
    NavItem("培训机构", "training:institution-list", "institution.list"),
    NavItem("本机构", "training:my-institution", "institution.mine"),
    NavItem("培训班次", "training:cohort-list", "cohort.list"),
    NavItem("结业证书", "training:certificate-list", "certificate.list"),
    NavItem("报备", "filings:filing-list", "filing.list"),
    NavItem("报备情况一览", "filings:filing-grid", "filing.grid"),
    NavItem("统计报表", "statistics", "statistics.view"),
    NavItem("报备周期", "filings:schedule-list", "schedule.view"),
    NavItem("账号", "registry:account-list", "account.list"),
    NavItem("访问日志", "registry:access-log", "access_log.view"),
    NavItem("任职资格自查", "eligibility:check", "eligibility.check"),
]


def items_for(user) -> list[NavItem]:
    return [item for item in NAV_ITEMS if can(user, item.permission)]
