"""The cohort form (培训班次): its details, dates, capacity and status; the entrustment rule is the service's."""

from __future__ import annotations

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms

from registry.bounds import NOTE_MAX_LENGTH, max_length

from ..models import Cohort
from .institutions import DATE


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = [
            "code",
            "title",
            "start_date",
            "end_date",
            "hours",
            "capacity",
            "location",
            "teachers",
            "syllabus",
            "status",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "syllabus": forms.Textarea(attrs={"rows": 5, "maxlength": NOTE_MAX_LENGTH}),
        }
        help_texts = {
            "code": "本机构自定，全省唯一，如 MJ-2026-01；导入学员名单时按此编号找到班次。",
            "start_date": "开班和结业日期须在本机构同一个培训委托期内。",
            "teachers": "多位教师用顿号或逗号分隔。",
            "capacity": "计划招收的学员人数，可不填。",
        }

    def __init__(self, *args, submit_label: str = "保存", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["syllabus"].validators.append(max_length("课程安排", NOTE_MAX_LENGTH))
        for name in ("code", "title", "start_date", "end_date", "hours"):
            label = self.fields[name].label
            self.fields[name].error_messages["required"] = f"{label}：请填写{label}。"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("班次", Row(Column("code"), Column("title", css_class="col-md-8")), "status"),
            Fieldset(
                "时间与规模",
                Row(Column("start_date"), Column("end_date")),
                Row(Column("hours"), Column("capacity")),
            ),
            Fieldset("教学安排", "location", "teachers", "syllabus"),
            FormActions(Submit("submit", submit_label)),
        )
