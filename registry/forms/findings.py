"""Forms for Article 6 findings: recording and lifting; no business rules."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..bounds import NOTE_MAX_LENGTH, max_length
from ..models import FindingItem
from ..selectors import person_find_by_resident_id
from ..validators import parse_resident_id, validate_evidence_file


class FindingForm(forms.Form):
    """Record a finding: the person by resident ID (unless the page already names them), item, date, evidence."""

    resident_id = forms.CharField(
        label="被认定人员身份证号码",
        max_length=18,
        help_text="输入18位身份证号码查找已登记的人员；号码不会显示在地址栏或日志中。",
    )
    item = forms.TypedChoiceField(
        label="情形（第六条）", choices=FindingItem.choices, coerce=int, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label="认定日期", widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.FileField(
        label="证据材料",
        validators=[validate_evidence_file],
        help_text="PDF文件或PNG、JPEG图片，不超过10 MB；按文件内容检查，与扩展名无关。",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
    )
    note = forms.CharField(
        label="说明",
        required=False,
        # The bound's own validator names the field; the attribute stops the browser at the same length.
        validators=[max_length("说明", NOTE_MAX_LENGTH)],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
    )

    def __init__(self, *args, persons, person=None, **kwargs):
        """`persons`: the people the user may see; `person`: the one chosen on the page, if any."""
        super().__init__(*args, **kwargs)
        self.persons = persons
        self.person = person
        if person is not None:
            del self.fields["resident_id"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "登记认定"))

    def clean_resident_id(self):
        value = self.cleaned_data["resident_id"]
        try:
            parse_resident_id(value)
        except ValidationError as error:
            raise ValidationError(f"被认定人员身份证号码有误：{'；'.join(error.messages)}") from None
        person = person_find_by_resident_id(value)
        # One message for "not registered" and "not yours", so the form does not tell who is registered elsewhere.
        if person is None or not self.persons.filter(pk=person.pk).exists():
            raise ValidationError(
                "被认定人员身份证号码：在您的管辖范围内没有登记该号码的人员。请核对号码；如该人员尚未登记，请先登记。"
            )
        self.person = person
        return value


class FindingLiftForm(forms.Form):
    lifted_on = forms.DateField(label="解除日期", widget=forms.DateInput(attrs={"type": "date"}))
    lifted_reason = forms.CharField(
        label="解除理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="必填，将记入该认定的变更记录。",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"lifted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["lifted_reason"].error_messages["required"] = "解除理由：请填写解除该认定的理由。"
        self.fields["lifted_on"].error_messages["required"] = "解除日期：请填写解除日期。"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "下一步：确认解除"))
