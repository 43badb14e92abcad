"""The Article 14 look-up forms: one enterprise by credit code, or many (pasted, uploaded, or a unit's)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

from cqo_portal.spreadsheets import FileRefused, check_file, read_table

from ..models import City
from ..permissions import CITY, role_of
from ..validators import normalize_credit_code, validate_credit_code

MAX_CODES = 2000  # codes in one look-up: a list longer than this is refused whole, with a message
MAX_LIST_BYTES = 2 * 1024 * 1024  # an uploaded list of 2,000 codes is far below this
MAX_LINE_LENGTH = 200  # what is shown back of a bad line
# Between codes on one line: commas, semicolons, tabs (not spaces: a code typed in groups keeps its spaces)
SEPARATORS = re.compile(r"[,，;；、\t|]+")


class CqoStatusLookupForm(forms.Form):
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"])


def parse_codes(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """(line, text) pairs to the codes they hold, (line, normalised code), and the row errors, (line, what was
    typed, why). Blank lines and a header cell naming the column (统一社会信用代码) are skipped."""
    codes, errors = [], []
    for line, text in lines:
        for token in SEPARATORS.split(str(text or "")):
            if not token.strip() or "信用代码" in token or token.strip().lower() in ("code", "credit_code"):
                continue
            try:
                code = normalize_credit_code(token)
                validate_credit_code(code)
            except ValidationError as error:
                errors.append((line, token.strip()[:MAX_LINE_LENGTH], "；".join(error.messages)))
                continue
            codes.append((line, code))
    return codes, errors


class CodeListForm(forms.Form):
    """Credit codes pasted (one a line, or separated by commas or tabs) or an uploaded CSV/XLSX whose first column
    holds them. Valid: `codes` (line, code) and `row_errors` (line, typed, why), at most MAX_CODES codes."""

    codes = forms.CharField(
        label="统一社会信用代码清单",
        required=False,
        max_length=MAX_CODES * 60,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "每行一个统一社会信用代码，也可用逗号或制表符分隔"}),
        help_text=f"可从Excel中整列复制粘贴，最多{MAX_CODES}个。",
    )
    file = forms.FileField(
        label="或上传代码清单文件",
        required=False,
        help_text="CSV或Excel（.xlsx）文件，读取第一个工作表的第一列；表头行自动跳过。",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean(self):
        data = super().clean()
        text, upload = (data.get("codes") or "").strip(), data.get("file")
        if self.errors:
            return data
        if not text and not upload:
            raise ValidationError("请粘贴统一社会信用代码清单，或上传代码清单文件。")
        if text and upload:
            raise ValidationError("粘贴的代码清单和上传的文件二者选其一，请清空其中一项。")
        self.lines = self._file_lines(upload) if upload else list(enumerate(data["codes"].splitlines(), start=1))
        self.codes, self.row_errors = parse_codes(self.lines)
        if len(self.codes) > MAX_CODES:
            raise ValidationError(f"代码清单共有{len(self.codes)}个代码，超过每次查询的上限{MAX_CODES}个；请分批查询。")
        if not self.codes and not self.row_errors:
            raise ValidationError("代码清单中没有找到统一社会信用代码。")
        return data

    def _file_lines(self, upload) -> list[tuple[int, str]]:
        """The first column of the upload's first sheet, by row number; a refused file is the file field's error."""
        suffix = Path(upload.name or "").suffix.lower()[:10]
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                kind = check_file(handle.name, upload.name, what="代码清单", max_bytes=MAX_LIST_BYTES)
                table = read_table(handle.name, kind)
                lines = [(table.header_row, table.header[0] if table.header else "")]
                for number, cells in table.rows:
                    if len(lines) > MAX_CODES * 2:  # far beyond the cap: no need to read the rest
                        break
                    lines.append((number, cells[0] if cells else ""))
            except FileRefused as refused:
                raise ValidationError({"file": f"代码清单文件：{refused.message}"}) from None
        return [(number, _cell_text(cell)) for number, cell in lines]

    def lines_as_text(self) -> str:
        """What was read, each row's cell on the line of its row number (the header's line left blank), to put back
        in the text box after an upload: the export and a second look then name the same lines as the file."""
        by_line = {line: text for line, text in self.lines}
        last = max(by_line, default=0)
        if last > 3 * MAX_CODES:  # a sheet starting far down: the rows one after another instead
            return "\n".join(text.replace("\n", " ") for text in by_line.values() if "信用代码" not in text)
        return "\n".join(
            "" if "信用代码" in by_line.get(n, "") else by_line.get(n, "").replace("\n", " ")
            for n in range(1, last + 1)
        )


def _cell_text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


class UnitFilterForm(forms.Form):
    """The enterprises of one reporting unit (a city bureau is offered only its own)."""

    city = forms.ModelChoiceField(
        label="报备单位", queryset=City.objects.none(), empty_label="请选择报备单位", to_field_name="code"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = City.objects.order_by("code")
        # Every unit is public knowledge (City.visible_to), but a city bureau looks up only its own enterprises.
        self.fields["city"].queryset = units.filter(pk=user.city_id) if role_of(user) == CITY else units
        self.fields["city"].error_messages["invalid_choice"] = "报备单位：请从列表中选择。"
