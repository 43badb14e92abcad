"""Forms for Article 15 activities: an exchange, a participant (chosen like a finding's person), a commendation."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from ..models import Commendation, ExperienceExchange, Person
from ..services import id_lookup
from ..validators import parse_resident_id
from .findings import PersonPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOOSE_PERSON = "人员：请选择人员。"


class ExchangeForm(forms.ModelForm):
    class Meta:
        model = ExperienceExchange
        fields = ["title", "held_on", "place", "organiser", "note"]
        widgets = {"held_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))


class PersonPickForm(forms.Form):
    """A person chosen from the user's scope (a search on the page narrows the list), or typed in by resident ID by
    those who may (looked up through services.id_lookup: logged, limited, and finding only what the user sees)."""

    purpose = ""  # written to the access log with a typed look-up

    person = PersonPickerField(
        label="人员",
        queryset=Person.objects.none(),
        required=False,
        empty_label="请选择人员",
        help_text="列表只含您管辖范围内的人员；人员较多时，请先在上方按姓名、身份证号码后四位或工作单位搜索。",
        error_messages={"invalid_choice": CHOOSE_PERSON},
    )
    resident_id = forms.CharField(
        label="或输入身份证号码",
        max_length=40,
        required=False,
        help_text="输入18位身份证号码查找已登记的人员；每次查找记入身份证号码访问日志。",
    )

    def __init__(self, *args, persons, actor, offered=(), typed_id=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = persons
        self.actor = actor
        self.person = None
        if not typed_id:
            del self.fields["resident_id"]
        field = self.fields["person"]
        field.queryset = persons
        offered = list(offered)
        chosen = str(self.data.get(self.add_prefix("person"), "")) if self.is_bound else ""
        if chosen.isdigit() and len(chosen) <= 18 and all(str(p.pk) != chosen for p in offered):
            offered += list(persons.filter(pk=chosen).select_related("enterprise"))
        field.widget.choices = [("", field.empty_label)] + [(p.pk, field.label_from_instance(p)) for p in offered]

    def clean_resident_id(self):
        value = self.cleaned_data["resident_id"]
        if not value:
            return ""
        if self.cleaned_data.get("person") is not None:
            raise ValidationError("身份证号码：已在上方选择了人员，请清空号码或取消选择，二者选其一。")
        try:
            parse_resident_id(value)
        except ValidationError as error:
            raise ValidationError(f"身份证号码有误：{'；'.join(error.messages)}") from None
        person = id_lookup(actor=self.actor, number=value, purpose=self.purpose)
        # In scope or not on file at all: one answer (no ID oracle).
        if person is None or not self.persons.filter(pk=person.pk).exists():
            raise ValidationError(
                "身份证号码：在您的管辖范围内没有登记该号码的人员。请核对号码；如该人员尚未登记，请先登记。"
            )
        self.person = person
        return value

    def clean(self):
        data = super().clean()
        if self.person is None and data.get("person") is not None:
            self.person = data["person"]
        if self.person is None and not self.has_error("person") and not self.has_error("resident_id"):
            self.add_error("person", CHOOSE_PERSON)
        return data


class ParticipantForm(PersonPickForm):
    purpose = "经验交流活动参加人员"

    part = forms.CharField(label="参与方式", max_length=100, required=False, help_text="如：交流发言、参加")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "添加参加人员"))


class CommendationFieldsMixin:
    @staticmethod
    def commendation_fields() -> dict[str, forms.Field]:
        model = forms.models.fields_for_model(
            Commendation,
            fields=["level", "year", "title", "awarded_by", "citation"],
            widgets={"citation": forms.Textarea(attrs={"rows": 3})},
        )
        model["year"].widget.attrs.update({"min": 1949, "max": 2199})
        return model


class CommendationCreateForm(PersonPickForm):
    """A commendation: the person (picker or typed ID), then the commendation's own fields."""

    purpose = "登记表彰"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(CommendationFieldsMixin.commendation_fields())
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "登记表彰"))


class CommendationForm(forms.ModelForm):
    """Correct a commendation (whose it is stays)."""

    class Meta:
        model = Commendation
        fields = ["level", "year", "title", "awarded_by", "citation"]
        widgets = {"citation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))
