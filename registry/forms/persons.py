"""Forms for a person: chosen or typed in with their quality work, and the reason to reveal their ID."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from ..bounds import QUALITY_WORK_MAX_PERIODS
from ..models import Education, Person, QualityWorkPeriod, TitleLevel
from ..services import id_lookup
from ..validators import parse_resident_id


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceForm(forms.Form):
    """Who is appointed: a person already on file, or a new one typed in below."""

    existing = forms.ModelChoiceField(
        label="选择已登记人员",
        queryset=Person.objects.none(),
        required=False,
        empty_label="（登记新人员）",
        help_text="本企业已登记的人员；选择后无需填写下方新人员信息",
    )
    attach = forms.BooleanField(
        label="该人员已在其他企业登记过（调入本企业）",
        required=False,
        help_text="勾选后只需填写姓名和居民身份证号码，两者须与登记信息一致；学历、职称、工作经历等沿用已登记的信息",
    )
    name = forms.CharField(label="姓名", max_length=50, required=False)
    resident_id = forms.CharField(label="居民身份证号码", max_length=40, required=False)
    education = forms.ChoiceField(label="学历", choices=[("", "请选择"), *Education.choices], required=False)
    title_level = forms.ChoiceField(
        label="职称等级", choices=TitleLevel.choices, initial=TitleLevel.NONE, required=False
    )
    title_series = forms.CharField(label="职称系列", max_length=50, required=False, help_text="如：工程师系列")
    phone = forms.CharField(label="手机号码", max_length=11, required=False)
    position = forms.CharField(label="职务", max_length=100, required=False)
    declared_ethics = forms.BooleanField(
        label="本人承诺：具有良好的职业道德和敬业精神，诚实守信、敢于负责（第五条第一项）", required=False
    )
    declared_laws = forms.BooleanField(
        label="本人承诺：热爱质量工作，熟悉国家有关质量法律法规和质量政策（第五条第二项）", required=False
    )
    declared_conduct = forms.BooleanField(
        label="本人承诺：遵守首席质量官行为规范，如实报告质量问题、回避利益冲突、保守企业秘密（第八条）",
        required=False,
    )

    def __init__(self, *args, persons=None, actor=None, **kwargs):
        """`actor`: who types the new person's ID; the look-up is logged and limited (services.id_lookup)."""
        super().__init__(*args, **kwargs)
        self.actor = actor
        if persons is not None:
            self.fields["existing"].queryset = persons

    def clean_resident_id(self):
        value = self.cleaned_data["resident_id"]
        if not value or self.cleaned_data.get("existing") is not None or self.actor is None:
            return value
        if self.cleaned_data.get("attach"):
            try:
                parse_resident_id(value)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
            return value  # looked up with the name by the service (services.person_find_to_attach)
        try:
            parse_resident_id(value)
        except ValidationError as error:
            raise ValidationError(error.messages) from None  # format and check digit: they reveal nothing
        # Only a person of the user's own scope is named; one on file elsewhere is refused by person_register
        # with a message that does not say whose, or where.
        person = id_lookup(actor=self.actor, number=value, purpose="登记首席质量官")
        if person is not None:
            raise ValidationError(
                f"该身份证号码已登记为“{person.name}”，请在上方“选择已登记人员”中选择该人员，无需重复登记；"
                "如需修改信息，请在该人员的信息页修改。"
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("existing") is None:
            missing = {
                "name": "请填写姓名。",
                "resident_id": "请填写居民身份证号码。",
                "education": "请选择学历。",
            }
            if data.get("attach"):
                del missing["education"]  # an attached person keeps what is on file
            for field, message in missing.items():
                if not data.get(field) and not self.has_error(field):
                    self.add_error(field, message)
        return data


def _bounds(field: str) -> list:
    """The model field's own validators, so the row shows the error before the service is called."""
    return list(QualityWorkPeriod._meta.get_field(field).validators)


class QualityWorkForm(forms.Form):
    start = forms.DateField(label="开始日期", widget=DateInput(), validators=_bounds("start"))
    end = forms.DateField(
        label="结束日期", widget=DateInput(), required=False, help_text="仍在从事的留空", validators=_bounds("end")
    )
    employer = forms.CharField(label="工作单位", max_length=200, validators=_bounds("employer"))
    position = forms.CharField(label="岗位", max_length=100, required=False)


class BaseQualityWorkFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": "质量工作经历最多填写%(num)d段，请删去多余的行。"}


# absolute_max bounds the forms built from a forged TOTAL_FORMS (Django's default is 2000 of them).
QualityWorkFormSet = forms.formset_factory(
    QualityWorkForm,
    formset=BaseQualityWorkFormSet,
    extra=1,
    can_delete=False,
    max_num=QUALITY_WORK_MAX_PERIODS,
    absolute_max=QUALITY_WORK_MAX_PERIODS,
    validate_max=True,
)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="查看事由",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="必填：说明为何需要完整号码（如：核对人事档案、协查函号）。事由与查看人、时间一并记入访问日志。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "查看事由：请填写查看完整身份证号码的事由。"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "查看完整号码"))


class PersonCorrectionForm(forms.ModelForm):
    """A person's own data, as the enterprise that employs them corrects it (services.person_correct)."""

    class Meta:
        model = Person
        fields = ["name", "education", "title_level", "title_series", "phone", "email", "position"]


class QualityWorkCorrectionForm(QualityWorkForm):
    """One period: an existing one (its id) corrected or removed, or a new one."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class BaseQualityWorkCorrectionFormSet(BaseQualityWorkFormSet):
    def rows(self) -> list[dict]:
        """The service's rows: removed ones (with their id), corrected and new ones; blank extra rows left out."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue
            rows.append({**data, "delete": bool(data.get("DELETE"))})
        return rows


QualityWorkCorrectionFormSet = forms.formset_factory(
    QualityWorkCorrectionForm,
    formset=BaseQualityWorkCorrectionFormSet,
    extra=1,
    can_delete=True,
    max_num=QUALITY_WORK_MAX_PERIODS,
    absolute_max=QUALITY_WORK_MAX_PERIODS,
    validate_max=True,
)
