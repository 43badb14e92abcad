"""File exports shared by every list: CSV that Chinese Excel opens correctly and cannot be used for formula injection."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Render one cell as text, neutralising anything a spreadsheet would run as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """Stream rows as UTF-8 CSV with a BOM (so Excel detects the encoding), without holding them in memory."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Sheet1"):
    """An XLSX of rows, every cell neutralised like the CSV's (openpyxl would otherwise store "=..." as a formula).

    openpyxl's write-only mode spools rows to disk as they come, so memory stays flat however many
    rows there are; the finished file (a zip needs its directory last) is then streamed from disk.
    """
    import tempfile

    from django.http import FileResponse
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title)
    sheet.append(list(header))
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
