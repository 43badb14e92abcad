"""Forms for Article 6 findings: recording and lifting; no business rules."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..bounds import NOTE_MAX_LENGTH, max_length
from ..models import FindingItem, Person
from ..services import id_lookup
from ..validators import parse_resident_id, validate_evidence_file

# One answer for a pk that does not exist and one outside the user's scope: the picker is no ID oracle.
CHOOSE_PERSON = "被认定人员：请选择人员。"


class PersonPickerField(forms.ModelChoiceField):
    """A person of the user's scope, by pk: validated against the whole scoped queryset, while the page
    offers only the persons its search found (a city may have 100,000)."""

    def label_from_instance(self, person: Person) -> str:
        employer = f"，{person.enterprise.name}" if person.enterprise_id else ""
        return f"{person.name}（{person.resident_id_masked}）{employer}"


class PersonPickForm(forms.Form):
    """A person chosen from the user's scope (a search on the page narrows the list), or typed in by resident ID by
    those who may (looked up through services.id_lookup: logged, limited, and finding only what the user sees), unless
    the page already names them. Subclasses name the person in their labels and errors, and the look-up's purpose."""

    purpose = ""  # written to the access log with a typed look-up
    id_label = "身份证号码"  # the typed-ID field as its errors name it
    choose_person = "人员：请选择人员。"

    person = PersonPickerField(
        label="人员",
        queryset=Person.objects.none(),
        required=False,
        empty_label="请选择人员",
        help_text="列表只含您管辖范围内的人员；人员较多时，请先在上方按姓名、身份证号码后四位或工作单位搜索。",
    )
    resident_id = forms.CharField(
        label="或输入身份证号码",
        max_length=40,  # room for an ID pasted with spaces or hyphens: the parser normalises it
        required=False,
        help_text="输入18位身份证号码查找已登记的人员；每次查找记入身份证号码访问日志，号码不会显示在地址栏中。",
    )

    def __init__(self, *args, persons, actor, person=None, offered=(), typed_id=False, **kwargs):
        """`persons`: the people the user may see; `person`: the one chosen on the page, if any; `offered`:
        the persons the picker lists; `typed_id`: whether the user may look a person up by typed ID."""
        super().__init__(*args, **kwargs)
        self.persons = persons
        self.person = person
        self.actor = actor
        if person is not None:
            del self.fields["person"], self.fields["resident_id"]
            return
        if not typed_id:
            del self.fields["resident_id"]
        field = self.fields["person"]
        field.queryset = persons
        # One answer for a pk that does not exist and one outside the user's scope: the picker is no ID oracle.
        field.error_messages["invalid_choice"] = self.choose_person
        offered = list(offered)
        chosen = str(self.data.get(self.add_prefix("person"), "")) if self.is_bound else ""
        # Keep the person chosen before a re-shown form in the list (only if in scope: else it is no choice).
        if chosen.isdigit() and len(chosen) <= 18 and all(str(p.pk) != chosen for p in offered):
            offered += list(persons.filter(pk=chosen).select_related("enterprise"))
        field.widget.choices = [("", field.empty_label)] + [(p.pk, field.label_from_instance(p)) for p in offered]

    def clean_resident_id(self):
        value = self.cleaned_data["resident_id"]
        if not value:
            return ""
        if self.cleaned_data.get("person") is not None:
            raise ValidationError(f"{self.id_label}：已在上方选择了人员，请清空号码或取消选择，二者选其一。")
        try:
            parse_resident_id(value)
        except ValidationError as error:
            raise ValidationError(f"{self.id_label}有误：{'；'.join(error.messages)}") from None
        person = id_lookup(actor=self.actor, number=value, purpose=self.purpose)  # raises when over the limit
        # In scope or not on file at all: one answer (no ID oracle).
        if person is None or not self.persons.filter(pk=person.pk).exists():
            raise ValidationError(
                f"{self.id_label}：在您的管辖范围内没有登记该号码的人员。请核对号码；如该人员尚未登记，请先登记。"
            )
        self.person = person
        return value

    def clean(self):
        data = super().clean()
        if self.person is None and data.get("person") is not None:
            self.person = data["person"]
        if self.person is None and not self.has_error("person") and not self.has_error("resident_id"):
            self.add_error("person", self.choose_person)
        return data


class FindingForm(PersonPickForm):
    """Record a finding: the person chosen from the user's scope (province staff may type a resident ID
    instead), unless the page already names them; item, date, evidence."""

    purpose = "第六条认定表单"
    id_label = "被认定人员身份证号码"
    choose_person = CHOOSE_PERSON

    person = PersonPickerField(
        label="被认定人员",
        queryset=Person.objects.none(),
        required=False,
        empty_label="请选择人员",
        help_text="列表只含您管辖范围内的人员；人员较多时，请先在上方按姓名、身份证号码后四位或工作单位搜索。",
    )
    resident_id = forms.CharField(
        label="或输入被认定人员身份证号码",
        max_length=40,
        required=False,
        help_text="输入18位身份证号码查找已登记的人员；每次查找记入身份证号码访问日志，号码不会显示在地址栏中。",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "登记认定"))


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
