"""Forms of certificates: the issue date, a revocation, and the public verification's number and name."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from registry.bounds import REASON_MAX_LENGTH


class IssueForm(forms.Form):
    issued_on = forms.DateField(
        label="发证日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="须在结业日期之后，且在本机构受省局委托的期间内。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label="撤销日期", widget=forms.DateInput(attrs={"type": "date"}))
    revoked_reason = forms.CharField(
        label="撤销理由", max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label="我已核实：撤销后该证书在公开查验中显示为“已撤销”，持证人随即移出人才库（若无其他资格），且不可恢复。",
        error_messages={"required": "请勾选确认后再撤销。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()


class VerifyForm(forms.Form):
    number = forms.CharField(label="证书编号", max_length=60, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    name = forms.CharField(label="持证人姓名", max_length=60, widget=forms.TextInput(attrs={"autocomplete": "off"}))
