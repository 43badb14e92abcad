"""The form that corrects a draft or a returned appointment: the filing's own fields, the letter optional."""

from __future__ import annotations

from .appointments import AppointmentForm


class AppointmentEditForm(AppointmentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        letter = self.fields["letter"]
        letter.required = False
        letter.label = "更换聘任文件（PDF）"
        letter.help_text = "留空则保留原聘任文件；上传新文件将替换它（原文件保留在变更记录中）"
