"""The Article 5/6 eligibility engine: pure Python, a Candidate in, a Verdict out (CONTRACT.md §2).

No Django, no database, no I/O: the command, the web form, the API and the appointment
workflow all build a `Candidate` and call `evaluate`, so one set of rules decides everywhere.

How quality-work years are counted
----------------------------------
1. Each period covers whole days, both ends included; `end: null` means "up to as_of".
   Everything after `as_of` is cut off; a period starting after `as_of` counts nothing.
2. Periods are merged, so a day worked in two overlapping periods counts once.
3. The remaining days are laid end to end from the first day of the earliest period, and the
   total is the calendar span from that first day to the day after the last laid day, in
   years, months and days. For a single unbroken period this is the plain calendar length:
   2015-03-01 to 2020-02-29 (inclusive) is exactly 5年, 2015-03-01 to 2020-02-28 is 4年11个月28天.
4. "N年以上" includes N itself (以上 includes the number, as in 民法典 第一千二百五十九条):
   N years are met when the span reaches the N-th anniversary of the first day.
5. A date that does not exist in the target month is replaced by the first day of the next
   month, so a span that starts on 2016-02-29 reaches one year on 2017-03-01; the last day of
   that year is 2017-02-28 (the month end, as in 民法典 第二百零三条). Likewise 01-31 + 1个月
   is 03-01.
6. The shortfall ("尚差…") is the calendar span from the day after the last laid day to the
   anniversary; it equals the further days of continuous work still needed.

Rule sets
---------
A `RuleSet` bundles the clauses of one set of measures with the day it took effect.
`evaluate` uses the latest rule set in force on `as_of`; when `as_of` precedes them all it
uses the earliest and says so in `Verdict.note`. Adding a rule set means appending it to
`DEFAULT_RULE_SETS`; callers do not change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

# ---------------------------------------------------------------------------
# Vocabulary (values are the contract's; labels are what people read)
#
# These tables are the one place the words live: the engine's sentences, the self-check form,
# the API schema and every page that shows a verdict (eligibility/present.py) read them from here.

ENTERPRISE_SIZES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型", "unknown": "无法判定"}

EDUCATION_LABELS = {
    "doctorate": "博士研究生",
    "master": "硕士研究生",
    "bachelor": "大学本科",
    "associate": "大学专科",
    "secondary_vocational": "中专/中职",
    "high_school": "普通高中",
    "junior_high_or_below": "初中及以下",
}
# GB/T 4658 ladder. 普通高中 sits beside 中专 on the ladder, but the measures name only 中专,
# so the small/micro rule sends it to a person (CONTRACT.md §2) instead of ranking it.
EDUCATION_RANK = {
    "doctorate": 6,
    "master": 5,
    "bachelor": 4,
    "associate": 3,
    "secondary_vocational": 2,
    "high_school": 2,
    "junior_high_or_below": 1,
}

TITLE_LABELS = {
    "senior": "正高级",
    "associate_senior": "副高级",
    "intermediate": "中级",
    "assistant": "助理级（初级）",
    "technician": "员级（初级）",
    "none": "无专业技术职称",
}
TITLE_RANK = {"senior": 5, "associate_senior": 4, "intermediate": 3, "assistant": 2, "technician": 2, "none": 0}

PASS, FAIL, REVIEW, NOT_APPLICABLE = "pass", "fail", "review", "not_applicable"
RESULT_LABELS = {PASS: "通过", FAIL: "不通过", REVIEW: "需人工审核", NOT_APPLICABLE: "不适用"}

ELIGIBLE, INELIGIBLE, NEEDS_REVIEW = "eligible", "ineligible", "needs_review"
STATUS_LABELS = {ELIGIBLE: "符合任职条件", INELIGIBLE: "不符合任职条件", NEEDS_REVIEW: "需人工审核"}

FINDING_ITEMS = (1, 2, 3, 4, 5)
CHINESE_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def chinese_number(number: int) -> str:
    """1..99 as the measures write them: 6 is 六, 12 is 十二, 20 is 二十, 21 is 二十一."""
    if not 1 <= number <= 99:
        raise ValueError(f"cannot write {number!r} as a clause number")
    tens, units = divmod(number, 10)
    if number <= 10:
        return CHINESE_NUMERALS[number]
    return (CHINESE_NUMERALS[tens] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[units] if units else "")


def clause_heading(code: str) -> str:
    """How people cite a clause: "5.3" is 第五条第（三）项; a bare "12" is 第十二条."""
    article, _, item = str(code).partition(".")
    try:
        heading = f"第{chinese_number(int(article))}条"
        return heading + (f"第（{chinese_number(int(item))}）项" if item else "")
    except ValueError:
        raise ValueError(f"not a clause code: {code!r} (expected e.g. '5.3')") from None


def finding_heading(item: int) -> str:
    """The Article 6 item a finding is made under: 1 is 第六条第（一）项."""
    return clause_heading(f"6.{int(item)}")


# ---------------------------------------------------------------------------
# Input and output


@dataclass(slots=True)
class Period:
    start: date
    end: date | None = None  # None: still ongoing


@dataclass(slots=True)
class Certificate:
    issued_on: date
    revoked: bool
    entrusted_from: date
    entrusted_until: date | None = None  # None: the institution is still entrusted


@dataclass(slots=True)
class Declarations:
    ethics: bool
    laws: bool


@dataclass(slots=True)
class Finding:
    item: int  # 1..5 = 第六条第（一）..（五）项
    decided_on: date
    lifted_on: date | None = None


@dataclass(slots=True)
class Candidate:
    id: str
    as_of: date
    enterprise_size: str
    education: str
    title: str
    quality_work: list[Period] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    declarations: Declarations = field(default_factory=lambda: Declarations(ethics=False, laws=False))
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class ClauseResult:
    clause: str  # "5.1" .. "6.5"
    result: str  # pass | fail | review | not_applicable
    reason: str  # Chinese, naming the facts used
    text: str  # the clause's own words in the measures

    @property
    def result_label(self) -> str:
        return RESULT_LABELS[self.result]

    @property
    def heading(self) -> str:
        """How people cite the clause: "5.3" is 第五条第（三）项."""
        return clause_heading(self.clause)


@dataclass(slots=True)
class Verdict:
    id: str
    status: str  # eligible | ineligible | needs_review
    rule_set: RuleSet
    clauses: list[ClauseResult]
    note: str = ""  # e.g. as_of precedes every rule set

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


# ---------------------------------------------------------------------------
# Calendar arithmetic (see the module docstring, points 3-6)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; a day the target month lacks becomes the 1st of the next."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    if day.day <= 28 or day.day <= _month_length(year, month0 + 1):
        return date(year, month0 + 1, day.day)
    year, month0 = divmod(index + 1, 12)
    return date(year, month0 + 1, 1)


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def calendar_span(start: date, end_exclusive: date) -> tuple[int, int, int]:
    """(years, months, days) from `start` up to, not including, `end_exclusive`."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    if months > 0 and add_months(start, months) > end_exclusive:
        months -= 1
    months = max(months, 0)
    days = (end_exclusive - add_months(start, months)).days
    return months // 12, months % 12, days


def format_span(years: int, months: int, days: int) -> str:
    parts = []
    if years:
        parts.append(f"{years}年")
    if months:
        parts.append(f"{months}个月")
    if days or not parts:
        parts.append(f"{days}天")
    return "".join(parts)


@dataclass(slots=True)
class Experience:
    """Quality work counted as the module docstring says."""

    days: int
    first_day: date | None
    end_exclusive: date | None  # the day after the last laid day

    def meets(self, years: int) -> bool:
        return self.first_day is not None and add_months(self.first_day, 12 * years) <= self.end_exclusive

    def describe(self) -> str:
        if self.first_day is None:
            return "评估日期前无质量工作经历"
        return "质量工作经历合计" + format_span(*calendar_span(self.first_day, self.end_exclusive))

    def shortfall(self, years: int) -> str:
        if self.first_day is None:
            return f"{years}年"
        return format_span(*calendar_span(self.end_exclusive, add_months(self.first_day, 12 * years)))


def count_experience(periods: Sequence[Period], as_of: date) -> Experience:
    """Merge the periods, clip them at as_of and lay them end to end (module docstring)."""
    clipped = []
    for period in periods:
        if period.start > as_of:
            continue
        end = as_of if period.end is None or period.end > as_of else period.end
        if end >= period.start:
            clipped.append((period.start, end))
    if not clipped:
        return Experience(0, None, None)
    clipped.sort()
    total = 0
    current_start, current_end = clipped[0]
    for start, end in clipped[1:]:
        # Adjacent periods (next day) join too, so a job change on the 1st leaves no seam.
        if start.toordinal() <= current_end.toordinal() + 1:
            if end > current_end:
                current_end = end
        else:
            total += (current_end - current_start).days + 1
            current_start, current_end = start, end
    total += (current_end - current_start).days + 1
    first = clipped[0][0]
    return Experience(total, first, first + timedelta(days=total))


# ---------------------------------------------------------------------------
# Clauses


Check = Callable[[Candidate, dict], tuple[str, str]]


@dataclass(frozen=True, slots=True)
class ClauseRule:
    clause: str
    text: str
    check: Check


@dataclass(frozen=True, slots=True)
class RuleSet:
    code: str  # the document number, e.g. 闽质监质〔2014〕286号
    title: str
    effective_from: date
    clauses: tuple[ClauseRule, ...]

    def __str__(self) -> str:
        return f"{self.title}（{self.code}）"


def _declaration_check(attribute: str, subject: str) -> Check:
    def check(candidate: Candidate, facts: dict) -> tuple[str, str]:
        if getattr(candidate.declarations, attribute):
            return PASS, f"申报人已声明{subject}"
        return REVIEW, f"申报人未声明{subject}，须人工核实"

    return check


@dataclass(frozen=True, slots=True)
class SizeRequirement:
    """Education, title and years asked of one band of enterprise sizes (第五条第（三）（四）项)."""

    sizes: frozenset[str]
    band: str  # how the measures name the band, e.g. 大型及中型企业
    min_education: str
    min_title: str
    years: int
    review_education: frozenset[str] = frozenset()  # values a person must judge

    @property
    def education_phrase(self) -> str:
        return f"{_education_short(self.min_education)}及以上学历"

    @property
    def title_phrase(self) -> str:
        return f"{_title_short(self.min_title)}及以上专业技术职称"

    def assess(self, candidate: Candidate, facts: dict) -> tuple[str, list[str], list[str], list[str]]:
        """(result, shortfalls, doubts, facts met) against this band's three requirements."""
        failures: list[str] = []
        doubts: list[str] = []
        met: list[str] = []
        education = candidate.education
        education_label = EDUCATION_LABELS[education]
        if education in self.review_education:
            doubts.append(f"要求{self.education_phrase}，申报学历为{education_label}，办法未列明，须人工认定是否相当")
        elif EDUCATION_RANK[education] >= EDUCATION_RANK[self.min_education]:
            met.append(f"学历为{education_label}")
        else:
            failures.append(f"要求{self.education_phrase}，申报学历为{education_label}")
        title_label = TITLE_LABELS[candidate.title]
        if TITLE_RANK[candidate.title] >= TITLE_RANK[self.min_title]:
            met.append(f"职称为{title_label}")
        else:
            failures.append(f"要求{self.title_phrase}，申报职称为{title_label}")
        experience = facts.get("experience")
        if experience is None:
            experience = facts["experience"] = count_experience(candidate.quality_work, candidate.as_of)
        if experience.meets(self.years):
            met.append(f"{experience.describe()}（要求{self.years}年以上）")
        else:
            failures.append(
                f"要求{self.years}年以上质量工作经历，{experience.describe()}，尚差{experience.shortfall(self.years)}"
            )
        result = FAIL if failures else REVIEW if doubts else PASS
        return result, failures, doubts, met


def _education_short(value: str) -> str:
    return {"secondary_vocational": "中专", "bachelor": "大学本科"}.get(value, EDUCATION_LABELS[value])


def _title_short(value: str) -> str:
    return {"assistant": "初级", "technician": "初级"}.get(value, TITLE_LABELS[value])


def _size_check(requirement: SizeRequirement, clause: str, other_clause: str) -> Check:
    clause_label, other_band = clause_heading(clause), clause_heading(other_clause)

    def check(candidate: Candidate, facts: dict) -> tuple[str, str]:
        size = candidate.enterprise_size
        size_label = ENTERPRISE_SIZES[size]
        if size == "unknown":
            result, failures, doubts, met = requirement.assess(candidate, facts)
            outlook = "；".join(failures + doubts) if result != PASS else "、".join(met) + "，均满足"
            return REVIEW, (
                f"企业规模{size_label}，须人工核定规模后确定是否适用{clause_label}。按{requirement.band}要求：{outlook}"
            )
        if size not in requirement.sizes:
            return (
                NOT_APPLICABLE,
                f"企业规模为{size_label}，本项仅适用于{requirement.band}，{size_label}企业适用{other_band}",
            )
        result, failures, doubts, met = requirement.assess(candidate, facts)
        prefix = f"{size_label}企业"
        if result == FAIL:
            return FAIL, prefix + "；".join(failures + doubts)
        if result == REVIEW:
            return REVIEW, prefix + "；".join(doubts) + ("；其余条件满足：" + "、".join(met) if met else "")
        return PASS, (
            f"{prefix}要求{requirement.education_phrase}、{requirement.title_phrase}、{requirement.years}年以上"
            f"质量工作经历：" + "，".join(met)
        )

    return check


def certificate_problems(certificate: Certificate, as_of: date) -> list[str]:
    """Why a certificate does not count for 第五条第（五）项; empty when it counts."""
    problems = []
    if certificate.revoked:
        problems.append("证书已撤销")
    if certificate.issued_on > as_of:
        problems.append(f"证书签发日期晚于评估日期{as_of.isoformat()}")
    until = certificate.entrusted_until
    if certificate.issued_on < certificate.entrusted_from or (until is not None and certificate.issued_on > until):
        window = f"{certificate.entrusted_from.isoformat()}至{until.isoformat() if until else '今'}"
        problems.append(f"培训证书签发时该培训机构不在受托期内（受托期{window}）")
    return problems


def _training_check(candidate: Candidate, facts: dict) -> tuple[str, str]:
    if not candidate.certificates:
        return FAIL, "无培训证书，未见经质监部门组织的首席质量官任职培训"
    notes = []
    for number, certificate in enumerate(candidate.certificates, start=1):
        problems = certificate_problems(certificate, candidate.as_of)
        label = f"第{number}张证书（{certificate.issued_on.isoformat()}签发）"
        if not problems:
            return PASS, f"{label}有效：未撤销，签发时培训机构在受托期内"
        notes.append(label + "：" + "、".join(problems))
    return FAIL, "无有效培训证书：" + "；".join(notes)


def _finding_check(item: int) -> Check:
    item_label = finding_heading(item)

    def check(candidate: Candidate, facts: dict) -> tuple[str, str]:
        as_of = candidate.as_of
        active = []
        inactive = []
        for finding in candidate.findings:
            if finding.item != item:
                continue
            decided = finding.decided_on.isoformat()
            if finding.decided_on > as_of:
                inactive.append(f"{decided}作出的认定晚于评估日期，不计")
            elif finding.lifted_on is not None and finding.lifted_on <= as_of:
                inactive.append(f"{decided}作出的认定已于{finding.lifted_on.isoformat()}解除")
            elif finding.lifted_on is not None:
                active.append(f"{decided}作出的认定在评估日期尚未解除（{finding.lifted_on.isoformat()}解除）")
            else:
                active.append(f"{decided}作出的认定未解除")
        if active:
            return FAIL, f"存在{item_label}情形：" + "；".join(active)
        if inactive:
            return PASS, f"评估日期无有效的{item_label}认定（" + "；".join(inactive) + "）"
        return PASS, f"无{item_label}认定"

    return check


# ---------------------------------------------------------------------------
# The measures of 2014 (闽质监质〔2014〕286号), clause texts verbatim

TEXTS_2014 = {
    "5.1": "（一）具有良好的职业道德和敬业精神，诚实守信、敢于负责；",
    "5.2": "（二）热爱质量工作，熟悉国家有关质量法律法规和质量政策；",
    "5.3": "（三）大型及中型企业应具有大学本科以上学历，取得中级及以上专业技术职称，5年以上质量工作经历；",
    "5.4": "（四）小微企业应具有中专以上学历，取得初级及以上专业技术职称，3年以上质量工作经历；",
    "5.5": "（五）经过质监部门组织的首席质量官任职培训并符合要求。",
    "6.1": "（一）违反有关法律法规，在质量岗位工作中造成重大失误或谋取不正当利益的或受刑事处分的；",
    "6.2": "（二）利用履行职责之便谋取不正当利益的；",
    "6.3": "（三）滥用职权，干预企业正常经营秩序的；",
    "6.4": "（四）向与履职无关的第三方泄露企业秘密或者合作伙伴信息，损害企业或者合作伙伴合法权益的；",
    "6.5": "（五）其他损害合作伙伴和企业合法权益行为的。",
}

LARGE_MEDIUM_2014 = SizeRequirement(
    sizes=frozenset({"large", "medium"}),
    band="大型及中型企业",
    min_education="bachelor",
    min_title="intermediate",
    years=5,
)
SMALL_MICRO_2014 = SizeRequirement(
    sizes=frozenset({"small", "micro"}),
    band="小微企业",
    min_education="secondary_vocational",
    min_title="assistant",
    years=3,
    review_education=frozenset({"high_school"}),
)


def _clause(number: str, check: Check, texts: dict[str, str]) -> ClauseRule:
    return ClauseRule(number, texts[number], check)


RULE_SET_2014 = RuleSet(
    code="闽质监质〔2014〕286号",
    title="福建省企业首席质量官管理办法(试行)",
    effective_from=date(2014, 12, 8),
    clauses=(
        _clause("5.1", _declaration_check("ethics", "具有良好的职业道德和敬业精神、诚实守信、敢于负责"), TEXTS_2014),
        _clause("5.2", _declaration_check("laws", "热爱质量工作、熟悉国家有关质量法律法规和质量政策"), TEXTS_2014),
        _clause("5.3", _size_check(LARGE_MEDIUM_2014, "5.3", "5.4"), TEXTS_2014),
        _clause("5.4", _size_check(SMALL_MICRO_2014, "5.4", "5.3"), TEXTS_2014),
        _clause("5.5", _training_check, TEXTS_2014),
        *(_clause(f"6.{item}", _finding_check(item), TEXTS_2014) for item in FINDING_ITEMS),
    ),
)

DEFAULT_RULE_SETS: tuple[RuleSet, ...] = (RULE_SET_2014,)


def rule_set_for(as_of: date, rule_sets: Sequence[RuleSet] = DEFAULT_RULE_SETS) -> tuple[RuleSet, str]:
    """The rule set in force on as_of, and a note when as_of precedes every one of them."""
    chosen = None
    earliest = None
    for rule_set in rule_sets:
        if rule_set.effective_from <= as_of and (chosen is None or rule_set.effective_from > chosen.effective_from):
            chosen = rule_set
        if earliest is None or rule_set.effective_from < earliest.effective_from:
            earliest = rule_set
    if earliest is None:
        raise ValueError("no rule sets given")
    if chosen is not None:
        return chosen, ""
    return earliest, (
        f"评估日期{as_of.isoformat()}早于{earliest.code}的施行日期{earliest.effective_from.isoformat()}，"
        f"无更早的规则，仍按{earliest.code}评估"
    )


def evaluate(candidate: Candidate, rule_sets: Sequence[RuleSet] = DEFAULT_RULE_SETS) -> Verdict:
    """Judge one candidate against the rule set in force on its as_of; every failure is reported."""
    rule_set, note = rule_set_for(candidate.as_of, rule_sets)
    facts: dict = {}  # shared work between clauses, e.g. the experience count for 5.3 and 5.4
    clauses = []
    any_fail = any_review = False
    for rule in rule_set.clauses:
        result, reason = rule.check(candidate, facts)
        if result == FAIL:
            any_fail = True
        elif result == REVIEW:
            any_review = True
        clauses.append(ClauseResult(rule.clause, result, reason, rule.text))
    status = INELIGIBLE if any_fail else NEEDS_REVIEW if any_review else ELIGIBLE
    return Verdict(candidate.id, status, rule_set, clauses, note)


# ---------------------------------------------------------------------------
# JSON in and out


class CandidateError(ValueError):
    """The input is not a candidate; `errors` lists (field path, Chinese message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("；".join(f"{path or '(记录)'}: {message}" for path, message in errors))


# Dates a record can sensibly hold; outside them the calendar arithmetic would overflow. registry.bounds applies
# the same range to every date the portal stores.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATE_MESSAGE = "日期格式应为 YYYY-MM-DD"

TOP_LEVEL_FIELDS = (
    "id",
    "as_of",
    "enterprise_size",
    "education",
    "title",
    "quality_work",
    "certificates",
    "declarations",
    "findings",
)
# May be left out; parse_candidate says how each absence is read.
OPTIONAL_TOP_LEVEL_FIELDS = ("id", "quality_work", "certificates", "declarations", "findings")


class _Reader:
    """Collects every problem in one record instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def obj(self, value, path: str, fields: Sequence[str], optional: Sequence[str] = ()) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, "应为JSON对象")
            return None
        for name in fields:
            if name not in value and name not in optional:
                self.fail(_join(path, name), "缺少此字段")
        for name in value:
            if name not in fields:
                self.fail(_join(path, str(name)), f"未知字段，允许的字段为：{'、'.join(fields)}")
        return value

    def date(self, value, path: str, nullable: bool = False) -> date | None:
        if value is None:
            if not nullable:
                self.fail(path, "不能为空，" + _DATE_MESSAGE)
            return None
        if not isinstance(value, str) or not _DATE_PATTERN.match(value):
            self.fail(path, _DATE_MESSAGE)
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(path, f"{value} 不是有效日期")
            return None
        if not EARLIEST_DATE <= parsed <= LATEST_DATE:
            self.fail(path, f"{value} 超出可核验的日期范围（{EARLIEST_DATE.year}年至{LATEST_DATE.year}年）")
            return None
        return parsed

    def boolean(self, value, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.fail(path, "应为 true 或 false")
            return None
        return value

    def choice(self, value, path: str, choices: dict[str, str]) -> str | None:
        if not isinstance(value, str) or value not in choices:
            allowed = "、".join(f"{key}（{label}）" for key, label in choices.items())
            self.fail(path, f"取值无效：{_show(value)}，应为 {allowed} 之一")
            return None
        return value

    def items(self, value, path: str) -> list:
        if not isinstance(value, list):
            self.fail(path, "应为JSON数组")
            return []
        return value


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _show(value) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if value is None:
        return "null"
    return repr(value)


def parse_candidate(data) -> Candidate:
    """A Candidate from contract-shaped JSON data; raises CandidateError listing every bad field.

    The facts the verdict turns on (as_of, enterprise_size, education, title; a period's start; a
    certificate's issue date and entrustment start; a finding's item and decision date) are
    required. Keys whose absence has one safe reading may be left out: `id` (echoed as null), the
    lists (empty), `declarations` (not declared, so 5.1/5.2 go to review), `end`/`until`/
    `lifted_on` (null) and `revoked` (false). Unknown keys are refused, so a misspelt key
    ("finding") is reported rather than silently read as "none".
    """
    reader = _Reader()
    record = reader.obj(data, "", TOP_LEVEL_FIELDS, optional=OPTIONAL_TOP_LEVEL_FIELDS)
    if record is None:
        raise CandidateError(reader.errors)
    candidate_id = record.get("id")
    if "id" in record and not isinstance(candidate_id, str):
        reader.fail("id", "应为字符串")
    as_of = reader.date(record.get("as_of"), "as_of") if "as_of" in record else None
    size = (
        reader.choice(record.get("enterprise_size"), "enterprise_size", ENTERPRISE_SIZES)
        if "enterprise_size" in record
        else None
    )
    education = reader.choice(record.get("education"), "education", EDUCATION_LABELS) if "education" in record else None
    title = reader.choice(record.get("title"), "title", TITLE_LABELS) if "title" in record else None

    periods = []
    for index, raw in enumerate(
        reader.items(record.get("quality_work"), "quality_work") if "quality_work" in record else []
    ):
        path = f"quality_work[{index}]"
        item = reader.obj(raw, path, ("start", "end"), optional=("end",))
        if item is None:
            continue
        start = reader.date(item.get("start"), f"{path}.start") if "start" in item else None
        end = reader.date(item.get("end"), f"{path}.end", nullable=True) if "end" in item else None
        if start and end and end < start:
            reader.fail(f"{path}.end", f"结束日期{end.isoformat()}早于开始日期{start.isoformat()}")
        if start:
            periods.append(Period(start, end))

    certificates = []
    for index, raw in enumerate(
        reader.items(record.get("certificates"), "certificates") if "certificates" in record else []
    ):
        path = f"certificates[{index}]"
        item = reader.obj(raw, path, ("issued_on", "revoked", "institution_entrusted"), optional=("revoked",))
        if item is None:
            continue
        issued_on = reader.date(item.get("issued_on"), f"{path}.issued_on") if "issued_on" in item else None
        revoked = reader.boolean(item.get("revoked"), f"{path}.revoked") if "revoked" in item else False
        window_path = f"{path}.institution_entrusted"
        window = (
            reader.obj(item.get("institution_entrusted"), window_path, ("from", "until"), optional=("until",))
            if "institution_entrusted" in item
            else None
        )
        entrusted_from = entrusted_until = None
        if window is not None:
            entrusted_from = reader.date(window.get("from"), f"{window_path}.from") if "from" in window else None
            entrusted_until = (
                reader.date(window.get("until"), f"{window_path}.until", nullable=True) if "until" in window else None
            )
            if entrusted_from and entrusted_until and entrusted_until < entrusted_from:
                reader.fail(
                    f"{window_path}.until",
                    f"受托截止日期{entrusted_until.isoformat()}早于受托开始日期{entrusted_from.isoformat()}",
                )
        if issued_on and revoked is not None and entrusted_from:
            certificates.append(Certificate(issued_on, revoked, entrusted_from, entrusted_until))

    declarations = None if "declarations" in record else Declarations(False, False)
    raw_declarations = record.get("declarations")
    if "declarations" in record:
        item = reader.obj(raw_declarations, "declarations", ("ethics", "laws"))
        if item is not None:
            ethics = reader.boolean(item.get("ethics"), "declarations.ethics") if "ethics" in item else None
            laws = reader.boolean(item.get("laws"), "declarations.laws") if "laws" in item else None
            if ethics is not None and laws is not None:
                declarations = Declarations(ethics, laws)

    findings = []
    for index, raw in enumerate(reader.items(record.get("findings"), "findings") if "findings" in record else []):
        path = f"findings[{index}]"
        item = reader.obj(raw, path, ("item", "decided_on", "lifted_on"), optional=("lifted_on",))
        if item is None:
            continue
        number = item.get("item")
        if "item" in item and (isinstance(number, bool) or not isinstance(number, int) or number not in FINDING_ITEMS):
            reader.fail(f"{path}.item", f"取值无效：{_show(number)}，应为 1 至 5 的整数（第六条第（一）至（五）项）")
            number = None
        decided_on = reader.date(item.get("decided_on"), f"{path}.decided_on") if "decided_on" in item else None
        lifted_on = (
            reader.date(item.get("lifted_on"), f"{path}.lifted_on", nullable=True) if "lifted_on" in item else None
        )
        if decided_on and lifted_on and lifted_on < decided_on:
            reader.fail(f"{path}.lifted_on", f"解除日期{lifted_on.isoformat()}早于认定日期{decided_on.isoformat()}")
        if number is not None and decided_on:
            findings.append(Finding(number, decided_on, lifted_on))

    if reader.errors:
        raise CandidateError(reader.errors)
    return Candidate(
        id=candidate_id,
        as_of=as_of,
        enterprise_size=size,
        education=education,
        title=title,
        quality_work=periods,
        certificates=certificates,
        declarations=declarations,
        findings=findings,
    )


def verdict_to_dict(verdict: Verdict) -> dict:
    """The contract's output JSON, plus `rule_set` on the verdict and `text` on each clause."""
    rule_set = verdict.rule_set
    return {
        "id": verdict.id,
        "status": verdict.status,
        "rule_set": {
            "code": rule_set.code,
            "title": rule_set.title,
            "effective_from": rule_set.effective_from.isoformat(),
            "note": verdict.note or None,
        },
        "clauses": [
            {"clause": c.clause, "result": c.result, "reason": c.reason, "text": c.text} for c in verdict.clauses
        ],
    }
