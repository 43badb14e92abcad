"""Forms for an enterprise's profile and the city bureau's size confirmation; no business rules."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms

from ..models import City, Enterprise, EnterpriseSize
from ..permissions import can
from ..services import ENTERPRISE_PROFILE_FIELDS
from ..validators import normalize_credit_code

# Room for a code pasted with spaces, hyphens or full-width characters: the length is checked after normalising.
TYPED_CREDIT_CODE_MAX_LENGTH = 40


class CreditCodeField(forms.CharField):
    """A credit code as typed: normalised (validators.normalize_credit_code) before its length and check digit."""

    def to_python(self, value):
        return normalize_credit_code(super().to_python(value))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(TYPED_CREDIT_CODE_MAX_LENGTH)}


DECLARABLE_SIZES = [("", "不申报")] + [
    (size.value, size.label) for size in EnterpriseSize if size != EnterpriseSize.UNKNOWN
]


class EnterpriseForm(forms.ModelForm):
    """An enterprise's profile. Only provincial staff see the credit code and reporting unit of an existing one;
    on a new enterprise a city bureau may choose only its own unit."""

    class Meta:
        model = Enterprise
        fields = ["credit_code", "city", *ENTERPRISE_PROFILE_FIELDS]
        widgets = {"declared_size": forms.Select(choices=DECLARABLE_SIZES)}
        field_classes = {"credit_code": CreditCodeField}

    def __init__(self, *args, user, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if can(user, "enterprise.change_registration"):
            self.fields["city"].queryset = City.objects.all()
        elif creating:
            self.fields["city"].queryset = City.objects.filter(pk=user.city_id)
            self.fields["city"].initial = user.city_id
        else:
            del self.fields["credit_code"], self.fields["city"]
        # The model lets it be blank only on a record a graduate import created; whoever edits a profile completes it.
        self.fields["industry_section"].required = True
        self.fields["declared_size"].help_text = "申报规模经所属设区市局确认后，优先于按统计标准测算的规模。"
        self.helper = FormHelper()
        identity = [name for name in ("credit_code", "city") if name in self.fields]
        self.helper.layout = Layout(
            Fieldset("基本信息", *identity, "name", "address", "legal_representative"),
            Fieldset(
                "行业与规模（统计上大中小微型企业划分办法（2017））",
                Row(Column("industry_section"), Column("industry_division")),
                Row(Column("employees"), Column("revenue"), Column("total_assets")),
                "declared_size",
            ),
            Fieldset("首席质量官制度（第四条）", "cqo_post_established", "cqo_empowered"),
            Submit("submit", "保存"),
        )


class EnterpriseSizeConfirmForm(forms.Form):
    """The city bureau's confirmation of an enterprise's size."""

    declared_size = forms.ChoiceField(
        label="确认的企业规模", choices=DECLARABLE_SIZES[1:], help_text="确认后，该规模优先于按统计标准测算的规模。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "确认规模"))
