"""File exports shared by every list: CSV that Chinese Excel opens correctly and cannot be used for formula injection."""

from __future__ import annotations

import csv
import itertools
import unicodedata
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


# Column widths are measured on the first rows (the sheet streams, so later rows cannot change them): a CJK
# character is about two Latin ones wide in Excel's default font; widths stay between these bounds.
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60


def display_width(text: str) -> int:
    """Roughly how many Latin characters wide `text` shows: full-width (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    widths = [display_width(str(title)) for title in header]
    for row in rows:
        for index, cell in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], display_width(cell))
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Sheet1"):
    """An XLSX of rows, every cell neutralised like the CSV's (openpyxl would otherwise store "=..." as a formula),
    with a bold header row frozen above the rows and columns as wide as their header and first rows.

    openpyxl's write-only mode spools rows to disk as they come, so memory stays flat however many
    rows there are; the finished file (a zip needs its directory last) is then streamed from disk.
    """
    import tempfile

    from django.http import FileResponse
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    safe_rows = ([safe_cell(cell) for cell in row] for row in rows)
    sample = list(itertools.islice(safe_rows, WIDTH_SAMPLE_ROWS))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title)
    # Write-only sheets take widths and the frozen pane before the first row is appended.
    for index, width in enumerate(column_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(title))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in itertools.chain(sample, safe_rows):
        sheet.append(row)
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
