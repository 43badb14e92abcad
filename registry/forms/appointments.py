"""Forms for CQO appointments: the enterprise's filing, the bureau's return, the dismissal; no business rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ..models import Appointment, Duty
from ..services.appointment_edits import APPOINTMENT_EDIT_FIELDS
from .persons import DateInput


class AppointmentForm(forms.ModelForm):
    duties = forms.MultipleChoiceField(
        label="履行职责（第七条）",
        choices=Duty.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Duty.values),
        required=False,
    )

    class Meta:
        model = Appointment
        # The facts an enterprise files, and may correct while a filing is a draft or returned: one list.
        fields = list(APPOINTMENT_EDIT_FIELDS)
        widgets = {
            "appointed_on": DateInput(),
            "letter": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointed_on"].initial = timezone.localdate
        if enterprise is not None and enterprise.legal_representative:
            self.fields["appointed_by"].initial = enterprise.legal_representative


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}), help_text="说明企业需要补正的内容"
    )


class DismissForm(forms.Form):
    ended_on = forms.DateField(label="解聘日期", widget=DateInput())
    reason = forms.CharField(label="解聘原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label="我已确认：解聘后该人员不再担任本企业首席质量官，此操作不可撤销", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate
