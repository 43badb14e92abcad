"""Forms for institutions and their entrustment periods: the institution's details, a new period, ending a period
and revoking one (each then confirmed on its own page)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from registry.bounds import REASON_MAX_LENGTH
from registry.forms.enterprises import CreditCodeField

from ..models import Entrustment, Institution

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "credit_code", "contact_name", "contact_phone", "address"]
        field_classes = {"credit_code": CreditCodeField}
        help_texts = {"credit_code": "18位统一社会信用代码；尚未取得的可暂不填写。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("机构信息", "name", "credit_code", "address"),
            Fieldset("联系方式", "contact_name", "contact_phone"),
            Submit("submit", "保存"),
        )


class EntrustmentForm(forms.ModelForm):
    """A new entrustment period; no end date means until further notice."""

    class Meta:
        model = Entrustment
        fields = ["from_date", "until"]
        widgets = {"from_date": DATE, "until": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_date"].error_messages["required"] = "委托起始日期：请填写委托起始日期。"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "登记委托期"))


class EntrustmentEndForm(forms.Form):
    until = forms.DateField(
        label="委托截止日期",
        widget=DATE,
        help_text="委托期的最后一天，可以是今天、过去或将来的日期。此后机构不能开设新的班次，此后颁发的证书不计入人才库。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = timezone.localdate  # a FormView always passes `initial`, often empty
        self.fields["until"].error_messages["required"] = "委托截止日期：请填写委托截止日期。"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "下一步：确认结束"))


class EntrustmentRevokeForm(forms.Form):
    revoked_on = forms.DateField(label="撤销日期", widget=DATE, help_text="省局作出撤销决定的日期，不能晚于今天。")
    revoked_reason = forms.CharField(
        label="撤销理由",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="必填，将记入委托的变更记录，并显示给该机构的工作人员。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate
        self.fields["revoked_on"].error_messages["required"] = "撤销日期：请填写撤销日期。"
        self.fields["revoked_reason"].error_messages["required"] = "撤销理由：请填写撤销该委托的理由。"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "下一步：确认撤销"))
