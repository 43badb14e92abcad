"""Forms of the filing pages: the draft's narrative, an attachment, the province's return reason, a schedule."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from registry.bounds import REASON_MAX_LENGTH

from .models import FilingSchedule
from .services.filings import ATTACHMENT_TYPES, NARRATIVE_MAX_LENGTH

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(label: str, name: str = "submit") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(name, label))
    return helper


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label="工作情况说明",
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"本期工作开展情况、存在问题和下一步打算，最多{NARRATIVE_MAX_LENGTH}字。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("保存草稿", "save")


class AttachmentForm(forms.Form):
    upload = forms.FileField(label="附件", help_text=f"{ATTACHMENT_TYPES}文件，单个不超过10 MB。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("上传附件", "attach")


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"写明需要补充或更正的内容，最多{REASON_MAX_LENGTH}字；报备单位将收到通知。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("退回报备")


class ReminderDaysField(forms.CharField):
    """Reminder stages typed as a comma list of whole days relative to the due date: "-7, -1, 1, 7"."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        for separator in ("，", "、", ";", "；", " "):
            text = text.replace(separator, ",")
        parts = [part for part in text.split(",") if part]
        days = []
        for part in parts:
            try:
                days.append(int(part.replace("＋", "+").replace("－", "-")))
            except ValueError:
                raise forms.ValidationError(
                    f"提醒节点中的“{part[:20]}”不是整数。请填写以逗号分隔的整数天数，如 -7, -1, 1, 7。"
                ) from None
        return days


class ScheduleForm(forms.ModelForm):
    reminder_days = ReminderDaysField(
        label="提醒节点（天）",
        required=False,
        max_length=200,
        help_text="相对截止日的天数，以逗号分隔：负数为截止前、正数为逾期后，如 -7, -1, 1, 7；留空则不发提醒。",
    )

    class Meta:
        model = FilingSchedule
        fields = ["frequency", "due_days", "reminder_days", "tell_province_from_day", "starts_on"]
        widgets = {"starts_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_days"].max_value = None
        self.helper = _helper("保存")
