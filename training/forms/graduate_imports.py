"""The graduate file's upload form; the checks of the file itself are the import service's."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms


class GraduateImportUploadForm(forms.Form):
    file = forms.FileField(
        label="结业学员名单文件",
        help_text="CSV（UTF-8 或 GB18030，Excel 另存为 CSV 即可）或 XLSX；第一行为表头，列名与模板一致。",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "请选择要上传的文件。", "empty": "上传的文件是空的。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "上传并校验"))
