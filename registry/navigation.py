"""The navigation bar: each entry names the policy action that opens its page, so the menu shows what the user may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse

from .permissions import can, role_of


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


# (role, script prefix, urlconf) -> the menu's (label, url) pairs. Without an object, `can` reads only the user's
# role, so every user of a role has the same menu; reversing its ~15 URLs on every page cost half a millisecond.
_LINKS: dict[tuple, tuple[tuple[str, str], ...]] = {}

# URLs the signed-in layout (templates/base.html) links to on every page besides the menu (the brand's link to the
# home page stays a {% url %}: 500.html renders the layout with no request, so without this context).
LAYOUT_URL_NAMES = {
    "notices_url": "registry:notice-list",
    "password_change_url": "password_change",
    "logout_url": "logout",
    "admin_url": "admin:index",
}
_LAYOUT_URLS: dict[tuple, dict[str, str]] = {}


def links_for(user) -> tuple[tuple[str, str], ...]:
    """The menu of items_for(user) as (label, url) pairs, reversed once per role and process."""
    key = (role_of(user), get_script_prefix(), get_urlconf())
    links = _LINKS.get(key)
    if links is None:
        links = _LINKS[key] = tuple((item.label, reverse(item.url_name)) for item in items_for(user))
    return links


def layout_urls() -> dict[str, str]:
    """LAYOUT_URL_NAMES reversed, once per process (and script prefix)."""
    key = (get_script_prefix(), get_urlconf())
    urls = _LAYOUT_URLS.get(key)
    if urls is None:
        urls = _LAYOUT_URLS[key] = {name: reverse(url_name) for name, url_name in LAYOUT_URL_NAMES.items()}
    return urls
