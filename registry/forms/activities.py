"""Forms for Article 15 activities: an exchange, a participant (chosen like a finding's person), a commendation."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from ..models import Commendation, ExperienceExchange
from .findings import PersonPickForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExchangeForm(forms.ModelForm):
    class Meta:
        model = ExperienceExchange
        fields = ["title", "held_on", "place", "organiser", "note"]
        widgets = {"held_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))


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
