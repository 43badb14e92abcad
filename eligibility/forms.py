"""The self-check form: the contract's candidate fields, with formsets for periods, certificates and findings."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from registry.bounds import FORMSET_MAX_ROWS, QUALITY_WORK_MAX_PERIODS

from . import rules
from .present import choices
from .rules import CHINESE_NUMERALS, EDUCATION_LABELS, ENTERPRISE_SIZES, FINDING_ITEMS, TEXTS_2014, TITLE_LABELS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _within_range(value) -> None:
    if value and not rules.EARLIEST_DATE <= value <= rules.LATEST_DATE:
        raise forms.ValidationError(
            f"日期超出可核验的范围（{rules.EARLIEST_DATE.year}年至{rules.LATEST_DATE.year}年）。", code="range"
        )


def date_field(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), help_text=help_text, validators=[_within_range]
    )


class CandidateForm(forms.Form):
    candidate_id = forms.CharField(
        label="申报人标识", required=False, max_length=100, help_text="可选，原样显示在结论中"
    )
    as_of = date_field("评估日期", help_text="按该日的情况核验，默认今天")
    enterprise_size = forms.ChoiceField(label="企业规模", choices=choices(ENTERPRISE_SIZES))
    education = forms.ChoiceField(label="学历", choices=choices(EDUCATION_LABELS))
    title = forms.ChoiceField(label="专业技术职称", choices=choices(TITLE_LABELS))
    ethics = forms.BooleanField(label="本人声明：具有良好的职业道德和敬业精神，诚实守信、敢于负责", required=False)
    laws = forms.BooleanField(label="本人声明：热爱质量工作，熟悉国家有关质量法律法规和质量政策", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Today in Fujian (TIME_ZONE), not in the server's own zone.
        self.fields["as_of"].initial = timezone.localdate


class PeriodForm(forms.Form):
    start = date_field("开始日期")
    end = date_field("结束日期", required=False, help_text="仍在从事质量工作的留空")


class CertificateForm(forms.Form):
    issued_on = date_field("证书签发日期")
    entrusted_from = date_field("培训机构受托起始日")
    entrusted_until = date_field("培训机构受托截止日", required=False, help_text="仍在受托期内的留空")
    revoked = forms.BooleanField(label="证书已撤销", required=False)


class FindingForm(forms.Form):
    item = forms.TypedChoiceField(
        label="第六条情形",
        coerce=int,
        # A blank first choice keeps an untouched row unchanged, so the formset skips it.
        choices=[("", "请选择")]
        + [(n, f"第（{CHINESE_NUMERALS[n]}）项：{TEXTS_2014[f'6.{n}'][3:].rstrip('；。')}") for n in FINDING_ITEMS],
    )
    decided_on = date_field("认定日期")
    lifted_on = date_field("解除日期", required=False, help_text="未解除的留空")


def _bounded_formset(form, *, extra: int, limit: int, too_many: str):
    """A formset that builds at most `limit` forms whatever TOTAL_FORMS claims, and says so in Chinese."""
    formset = type(
        f"Base{form.__name__}Set", (forms.BaseFormSet,), {"default_error_messages": {"too_many_forms": too_many}}
    )
    return forms.formset_factory(
        form,
        formset=formset,
        extra=extra,
        can_delete=True,
        max_num=limit,
        absolute_max=limit,
        validate_max=True,
    )


PeriodFormSet = _bounded_formset(
    PeriodForm, extra=1, limit=QUALITY_WORK_MAX_PERIODS, too_many="质量工作经历最多填写%(num)d段，请删去多余的行。"
)
CertificateFormSet = _bounded_formset(
    CertificateForm, extra=1, limit=FORMSET_MAX_ROWS, too_many="结业证书最多填写%(num)d张，请删去多余的行。"
)
FindingFormSet = _bounded_formset(
    FindingForm, extra=0, limit=FORMSET_MAX_ROWS, too_many="第六条情形认定最多填写%(num)d项，请删去多余的行。"
)

# Where each field of the contract's JSON lives on the page, for showing the engine's errors.
TOP_LEVEL_FIELDS = {
    "id": "candidate_id",
    "as_of": "as_of",
    "enterprise_size": "enterprise_size",
    "education": "education",
    "title": "title",
    "declarations.ethics": "ethics",
    "declarations.laws": "laws",
}
ROW_FIELDS = {"institution_entrusted.from": "entrusted_from", "institution_entrusted.until": "entrusted_until"}


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


class SelfCheckForms:
    """The main form and its three formsets, handled as one."""

    def __init__(self, data=None):
        self.form = CandidateForm(data)
        self.periods = PeriodFormSet(data, prefix="work")
        self.certificates = CertificateFormSet(data, prefix="cert")
        self.findings = FindingFormSet(data, prefix="finding")
        self.formsets = {"quality_work": self.periods, "certificates": self.certificates, "findings": self.findings}
        self._rows: dict[str, list[forms.Form]] = {}

    def is_valid(self) -> bool:
        # Evaluate every part so that each shows its own errors.
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets.values()]
        return all(results)

    def _kept(self, name: str) -> list[forms.Form]:
        """Rows that were filled in and not marked for deletion, in page order."""
        if name not in self._rows:
            formset = self.formsets[name]
            self._rows[name] = [
                form for form in formset.forms if form.has_changed() and not form.cleaned_data.get("DELETE")
            ]
        return self._rows[name]

    def candidate_data(self) -> dict:
        """The contract's JSON shape, for rules.parse_candidate, so the page and the API validate alike."""
        main = self.form.cleaned_data
        return {
            "id": main["candidate_id"],
            "as_of": _iso(main["as_of"]),
            "enterprise_size": main["enterprise_size"],
            "education": main["education"],
            "title": main["title"],
            "quality_work": [
                {"start": _iso(row.cleaned_data["start"]), "end": _iso(row.cleaned_data.get("end"))}
                for row in self._kept("quality_work")
            ],
            "certificates": [
                {
                    "issued_on": _iso(row.cleaned_data["issued_on"]),
                    "revoked": row.cleaned_data.get("revoked", False),
                    "institution_entrusted": {
                        "from": _iso(row.cleaned_data["entrusted_from"]),
                        "until": _iso(row.cleaned_data.get("entrusted_until")),
                    },
                }
                for row in self._kept("certificates")
            ],
            "declarations": {"ethics": main["ethics"], "laws": main["laws"]},
            "findings": [
                {
                    "item": row.cleaned_data["item"],
                    "decided_on": _iso(row.cleaned_data["decided_on"]),
                    "lifted_on": _iso(row.cleaned_data.get("lifted_on")),
                }
                for row in self._kept("findings")
            ],
        }

    def add_engine_errors(self, errors: list[tuple[str, str]]) -> None:
        """Put each (field path, message) from rules.CandidateError on the field it names."""
        for path, message in errors:
            if path in TOP_LEVEL_FIELDS:
                self.form.add_error(TOP_LEVEL_FIELDS[path], message)
                continue
            name, _, rest = path.partition("[")
            index, _, field = rest.partition("].")
            rows = self._kept(name) if name in self.formsets else []
            if index.isdigit() and int(index) < len(rows):
                row = rows[int(index)]
                field = ROW_FIELDS.get(field, field)
                row.add_error(field if field in row.fields else None, message)
            else:
                self.form.add_error(None, f"{path}：{message}")
