"""Enterprise size from the 2017 statistical classification (统计上大中小微型企业划分办法（2017）): pure, no database.

How the table is read (DOMAIN.md, "Enterprise size"):

- Each industry lists one or two indicators: X employees (人), Y revenue (万元), Z total assets (万元).
- The tiers are tried from the top: an enterprise is large when it reaches the large lower bound
  of *every* listed indicator; otherwise medium when it reaches every medium lower bound;
  otherwise small when it reaches every small lower bound; otherwise micro. The measures say
  "大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列指标中的一项即可",
  and "one indicator below the small bound" is exactly "not small", so micro is what remains.
- A lower bound is inclusive (">=" in the table; "300-" means 300 and above).
- When any indicator the industry needs is missing the answer is "unknown": we do not guess,
  not even when the figures given would already force micro. The city bureau can confirm a
  declared size instead.
- Industries the 2017 measures do not classify (金融业 J, 教育 P, 卫生 84, 公共管理 S,
  国际组织 T, 铁路运输 53, 房地产租赁经营 704) are "unknown", as are sections F, G, I and K
  given without the division that picks their row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cqo_portal.input import is_ascii_digits
from eligibility.rules import ENTERPRISE_SIZES

LARGE, MEDIUM, SMALL, MICRO, UNKNOWN = "large", "medium", "small", "micro", "unknown"
SIZE_LABELS = ENTERPRISE_SIZES  # the engine's vocabulary: one wording everywhere

INDICATOR_LABELS = {"X": "从业人员", "Y": "营业收入", "Z": "资产总额"}
INDICATOR_UNITS = {"X": "人", "Y": "万元", "Z": "万元"}

# GB/T 4754-2017 sections with their two-digit divisions (大类), used to check a division
# belongs to the section it is filed under.
SECTION_DIVISIONS: dict[str, range] = {
    "A": range(1, 6),
    "B": range(6, 13),
    "C": range(13, 44),
    "D": range(44, 47),
    "E": range(47, 51),
    "F": range(51, 53),
    "G": range(53, 61),
    "H": range(61, 63),
    "I": range(63, 66),
    "J": range(66, 70),
    "K": range(70, 71),
    "L": range(71, 73),
    "M": range(73, 76),
    "N": range(76, 80),
    "O": range(80, 83),
    "P": range(83, 84),
    "Q": range(84, 86),
    "R": range(86, 91),
    "S": range(91, 97),
    "T": range(97, 98),
}


# Sections whose row of the table is picked by the division: without it their size cannot be known.
DIVISION_REQUIRED_SECTIONS = frozenset("FGIK")


def is_division_code(division: str) -> bool:
    """True when the text has the shape of a GB/T 4754 code: 2 to 4 ASCII digits (the model field's format)."""
    return 2 <= len(division) <= 4 and is_ascii_digits(division)


@dataclass(frozen=True)
class Rule:
    """One row group of the table: the industry's name and, per indicator, the large/medium/small lower bounds."""

    industry: str
    bounds: dict[str, tuple[int, int, int]]


INDUSTRY = {"X": (1000, 300, 20), "Y": (40000, 2000, 300)}
OTHER = Rule("其他未列明行业", {"X": (300, 100, 10)})

RULES: dict[str, Rule] = {
    "agriculture": Rule("农、林、牧、渔业", {"Y": (20000, 500, 50)}),
    "industry": Rule("工业", INDUSTRY),
    "construction": Rule("建筑业", {"Y": (80000, 6000, 300), "Z": (80000, 5000, 300)}),
    "wholesale": Rule("批发业", {"X": (200, 20, 5), "Y": (40000, 5000, 1000)}),
    "retail": Rule("零售业", {"X": (300, 50, 10), "Y": (20000, 500, 100)}),
    "transport": Rule("交通运输业", {"X": (1000, 300, 20), "Y": (30000, 3000, 200)}),
    "warehousing": Rule("仓储业", {"X": (200, 100, 20), "Y": (30000, 1000, 100)}),
    "postal": Rule("邮政业", {"X": (1000, 300, 20), "Y": (30000, 2000, 100)}),
    "accommodation_catering": Rule("住宿业、餐饮业", {"X": (300, 100, 10), "Y": (10000, 2000, 100)}),
    "telecom": Rule("信息传输业", {"X": (2000, 100, 10), "Y": (100000, 1000, 100)}),
    "software": Rule("软件和信息技术服务业", {"X": (300, 100, 10), "Y": (10000, 1000, 50)}),
    "real_estate_development": Rule("房地产开发经营", {"Y": (200000, 1000, 100), "Z": (10000, 5000, 2000)}),
    "property_management": Rule("物业管理", {"X": (1000, 300, 100), "Y": (5000, 1000, 500)}),
    "leasing_business": Rule("租赁和商务服务业", {"X": (300, 100, 10), "Z": (120000, 8000, 100)}),
    "other": OTHER,
}


def division_belongs_to_section(section: str, division: str) -> bool:
    """True when the first two digits of a GB/T 4754 code are a division of the section."""
    if not division:
        return True
    if not is_ascii_digits(division[:2]):  # the field's own validator reports the format
        return False
    return section in SECTION_DIVISIONS and int(division[:2]) in SECTION_DIVISIONS[section]


def rule_for(section: str, division: str = "") -> Rule | None:
    """The table's rule for an industry, or None when the 2017 measures give none (or the division is needed)."""
    section = (section or "").upper()
    division = division or ""
    two = int(division[:2]) if len(division) >= 2 and is_ascii_digits(division[:2]) else None
    three = division[:3] if len(division) >= 3 else ""
    if section == "A":
        return RULES["agriculture"]
    if section in ("B", "C", "D"):
        return RULES["industry"]
    if section == "E":
        return RULES["construction"]
    if section == "F":
        return {51: RULES["wholesale"], 52: RULES["retail"]}.get(two)
    if section == "G":
        if two is not None and 54 <= two <= 58:
            return RULES["transport"]
        return {59: RULES["warehousing"], 60: RULES["postal"]}.get(two)
    if section == "H":
        # 住宿 61 and 餐饮 62 share one row, so the section alone decides.
        return RULES["accommodation_catering"]
    if section == "I":
        if two in (63, 64):
            return RULES["telecom"]
        return RULES["software"] if two == 65 else None
    if section == "K":
        return {
            "701": RULES["real_estate_development"],
            "702": RULES["property_management"],
            "703": OTHER,
            "709": OTHER,
        }.get(three)
    if section == "L":
        return RULES["leasing_business"]
    if section in ("M", "N", "O", "R"):
        return OTHER
    if section == "Q":
        # Only 社会工作 (85) is classified; 卫生 (84) is not.
        return OTHER if two == 85 else None
    return None


@dataclass(frozen=True)
class SizeResult:
    """The size and the reasoning behind it, in Chinese, for the enterprise page."""

    size: str
    industry: str  # the table row used, or "" when none applies
    explanation: str

    @property
    def label(self) -> str:
        return SIZE_LABELS[self.size]


def classify(
    *,
    section: str,
    division: str = "",
    employees: int | None = None,
    revenue: Decimal | int | None = None,
    total_assets: Decimal | int | None = None,
) -> SizeResult:
    """Classify an enterprise by the 2017 table; see the module docstring for how the table is read."""
    rule = rule_for(section, division)
    if rule is None:
        if section and section.upper() in DIVISION_REQUIRED_SECTIONS and not division:
            why = f"门类{section.upper()}须填写行业大类（或中类）代码才能确定适用的划分标准。"
        else:
            why = f"统计上大中小微型企业划分办法（2017）未对该行业（{section or '未填写'}{division}）规定划分标准。"
        return SizeResult(UNKNOWN, "", why)
    figures = {"X": employees, "Y": revenue, "Z": total_assets}
    missing = [INDICATOR_LABELS[k] for k in rule.bounds if figures[k] is None]
    if missing:
        return SizeResult(UNKNOWN, rule.industry, f"{rule.industry}按{'、'.join(missing)}划分，尚未填写。")
    shown = "，".join(f"{INDICATOR_LABELS[k]}{figures[k]}{INDICATOR_UNITS[k]}" for k in rule.bounds)
    for tier, size in enumerate((LARGE, MEDIUM, SMALL)):
        if all(Decimal(figures[k]) >= bounds[tier] for k, bounds in rule.bounds.items()):
            needs = "，".join(
                f"{INDICATOR_LABELS[k]}≥{bounds[tier]}{INDICATOR_UNITS[k]}" for k, bounds in rule.bounds.items()
            )
            return SizeResult(
                size, rule.industry, f"{rule.industry}：{shown}；同时达到{SIZE_LABELS[size]}企业下限（{needs}）。"
            )
    below = "、".join(INDICATOR_LABELS[k] for k, bounds in rule.bounds.items() if Decimal(figures[k]) < bounds[2])
    return SizeResult(MICRO, rule.industry, f"{rule.industry}：{shown}；{below}低于小型企业下限。")
