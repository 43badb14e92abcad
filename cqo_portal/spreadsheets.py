"""An uploaded table (the graduate import, the Article 14 list of credit codes) from upload to rows: hostile files
are refused before any parser sees them (size, content sniffing, the XLSX zip's central directory, its XML through
defusedxml, formula cells), then CSV or XLSX is read row by row (python-calamine for XLSX)."""

from __future__ import annotations

import csv
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from django.conf import settings
from python_calamine import CalamineError, CalamineWorkbook

CSV, XLSX = "csv", "xlsx"

# What a file that is no table at all starts with: refused by its content, whatever its name says.
BINARY_SIGNATURES = (
    (b"\x7fELF", "Linux可执行程序"),
    (b"MZ", "Windows可执行程序"),
    (b"%PDF", "PDF文档"),
    (b"\xd0\xcf\x11\xe0", "旧版Office文件（.xls/.doc）"),
    (b"Rar!", "RAR压缩包"),
    (b"7z\xbc\xaf", "7z压缩包"),
    (b"\x1f\x8b", "gzip压缩包"),
    (b"\x89PNG", "PNG图片"),
    (b"\xff\xd8\xff", "JPEG图片"),
    (b"GIF8", "GIF图片"),
)
ZIP_MAGIC = b"PK\x03\x04"
XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
# A formula cell's <f> element (any namespace prefix). Cell text never matches: "<" inside it is escaped.
FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STREAM_CHUNK = 1 << 16


class FileRefused(Exception):
    """The file as a whole is refused; `message` says why, in Chinese. `cells` lists (row, column letter) of the
    offending cells when there are any (formula cells)."""

    def __init__(self, message: str, cells: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.message = message
        self.cells = cells or []


@dataclass
class Table:
    header: list  # the first row's cells
    header_row: int  # its row number in the file (1 unless an XLSX sheet starts lower)
    rows: Iterator[tuple[int, list]]  # (row number in the file, cells)
    total: int = 0  # about how many rows follow the header, for the progress bar


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def check_file(path: str | Path, filename: str, *, what: str = "学员名单", max_bytes: int | None = None) -> str:
    """The kind (CSV or XLSX) of a stored upload, or FileRefused: nothing here parses the table. `what` names the
    file in the messages; `max_bytes` defaults to GRADUATE_IMPORT_MAX_BYTES."""
    path = Path(path)
    size = path.stat().st_size
    limit = max_bytes if max_bytes is not None else settings.GRADUATE_IMPORT_MAX_BYTES
    if size > limit:
        raise FileRefused(f"文件过大（{_mb(size)}），{what}文件不能超过{_mb(limit)}；请分成几个文件导入。")
    if size == 0:
        raise FileRefused(f"文件是空的，请选择填好的{what}文件。")
    with path.open("rb") as handle:
        head = handle.read(8)
    extension = Path(filename or "").suffix.lower()
    for signature, kind in BINARY_SIGNATURES:
        if head.startswith(signature):
            extra = "请在Excel中另存为“Excel工作簿(*.xlsx)”后上传。" if signature == b"\xd0\xcf\x11\xe0" else ""
            raise FileRefused(f"文件内容是{kind}，不是CSV或Excel(.xlsx){what}（与文件扩展名无关）。{extra}")
    if extension not in (".csv", ".xlsx"):
        raise FileRefused(f"只接受CSV（.csv）或Excel工作簿（.xlsx）格式的{what}文件。")
    if head.startswith(ZIP_MAGIC):
        if extension != ".xlsx":
            raise FileRefused("文件扩展名为.csv，但内容是压缩包或Excel工作簿；请确认文件类型后重新上传。")
        check_xlsx(path)
        return XLSX
    if extension == ".xlsx":
        raise FileRefused(
            "文件扩展名为.xlsx，但内容不是Excel工作簿（与文件扩展名无关）；请在Excel中另存为.xlsx后上传。"
        )
    return CSV


# ---------------------------------------------------------------------------
# XLSX: the central directory first, then every XML part through defusedxml, before calamine opens it
# ---------------------------------------------------------------------------


def check_xlsx(path: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("Excel文件已损坏或不完整（压缩结构无法读取），请重新保存后上传。") from None
    cells: list[tuple[int, str]] = []
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileRefused("文件不是Excel工作簿（可能是其他格式的压缩包改了扩展名），请另存为.xlsx后上传。")
        for info in infos:
            if XML_PART.search(info.filename):
                _check_xml(archive, info)
        sheet = _first_sheet_part(archive)
        if sheet not in names:
            raise FileRefused("Excel文件缺少第一个工作表的内容，请重新保存后上传。")
        cells = _formula_cells(archive, sheet)
    if cells:
        shown = "、".join(f"{column}{row}" for row, column in cells[:10]) + ("等" if len(cells) > 10 else "")
        # Every part passed the checks above, so reading the header row to name the columns is safe.
        headers = _headers_by_letter(path)
        raise FileRefused(
            f"第一个工作表含有公式（单元格{shown}）。导入只接受数值本身：请复制这些单元格后"
            "“选择性粘贴→数值”，保存后重新上传。",
            cells=[(row, headers.get(column, f"{column}列")) for row, column in cells],
        )


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Judge the archive by its central directory alone: nothing is decompressed yet."""
    if len(infos) > settings.GRADUATE_IMPORT_XLSX_MAX_ENTRIES:
        raise FileRefused(
            f"Excel文件内部包含{len(infos)}个部件，超过上限{settings.GRADUATE_IMPORT_XLSX_MAX_ENTRIES}个，"
            "不像正常的学员名单；请另存为只含一个工作表的.xlsx后上传。"
        )
    total = sum(info.file_size for info in infos)
    if total > settings.GRADUATE_IMPORT_XLSX_MAX_UNCOMPRESSED:
        raise FileRefused(
            f"Excel文件解压后共{_mb(total)}，超过上限{_mb(settings.GRADUATE_IMPORT_XLSX_MAX_UNCOMPRESSED)}"
            "（可能是“压缩炸弹”），已拒绝；请检查文件后重新上传。"
        )
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
            raise FileRefused(f"Excel文件内部含有不安全的路径「{name[:80]}」，已拒绝。")
        if info.flag_bits & 0x1:
            raise FileRefused("Excel文件已加密（设置了打开密码），请取消密码后重新上传。")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1048576 and ratio > settings.GRADUATE_IMPORT_XLSX_MAX_RATIO:
            raise FileRefused(
                f"Excel文件中的部件「{name[:80]}」压缩比异常（{ratio:.0f}倍，上限"
                f"{settings.GRADUATE_IMPORT_XLSX_MAX_RATIO}倍），可能是“压缩炸弹”，已拒绝。"
            )


class _RootReached(Exception):
    pass


class _StopAtRoot:
    """A parser target that stops at the root element: a DTD, and so any entity bomb, comes before it."""

    def start(self, tag, attributes):
        raise _RootReached


def _check_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """defusedxml refuses a DTD, entity declarations and external references. The whole part is decompressed
    through zipfile, bounded by its declared size, so a CRC that does not match (a central directory that
    lies about sizes) is refused too."""
    parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True)
    parsing = True
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(STREAM_CHUNK):
                if parsing:
                    try:
                        parser.feed(chunk)
                    except _RootReached:
                        parsing = False
    except DefusedXmlException:
        raise FileRefused(
            f"Excel文件的部件「{info.filename[:80]}」含有DTD或实体声明（可能是“XML炸弹”），正常的Excel文件不会有，已拒绝。"
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise FileRefused(f"Excel文件的部件「{info.filename[:80]}」已损坏或与目录记录不符，已拒绝。") from None
    except Exception:  # expat's ParseError before the root: not XML at all
        raise FileRefused(f"Excel文件的部件「{info.filename[:80]}」不是有效的XML，已拒绝。") from None


def _first_sheet_part(archive: zipfile.ZipFile) -> str:
    """The part name of the workbook's first sheet (the one imported), from workbook.xml and its relationships."""
    try:
        rid = None
        for _, element in iterparse(archive.open("xl/workbook.xml"), forbid_dtd=True):
            if element.tag.endswith("}sheet") or element.tag == "sheet":
                rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
                break
        targets = {}
        for _, element in iterparse(archive.open("xl/_rels/workbook.xml.rels"), forbid_dtd=True):
            if element.tag.endswith("Relationship"):
                targets[element.get("Id")] = element.get("Target", "")
    except Exception:  # a missing part (KeyError), a DTD (DefusedXmlException), XML that does not parse
        raise FileRefused("Excel文件缺少工作表目录（workbook.xml），请重新保存后上传。") from None
    target = targets.get(rid, "")
    if not rid or not target:
        raise FileRefused("Excel文件中没有工作表，请用下载的模板填写后上传。")
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _headers_by_letter(path: Path) -> dict[str, str]:
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        first_column = (sheet.start or (0, 0))[1]
        header = next(sheet.iter_rows(), [])
    except (CalamineError, ValueError, OSError):
        return {}
    return {_column_letters(first_column + i): normalize_header(cell) for i, cell in enumerate(header) if cell}


def _formula_cells(archive: zipfile.ZipFile, sheet: str) -> list[tuple[int, str]]:
    """(row, column letters) of every formula cell of the sheet; a byte scan first, the XML parse only when it hits."""
    tail = b""
    found = False
    with archive.open(sheet) as stream:
        while chunk := stream.read(STREAM_CHUNK):
            if FORMULA_TAG.search(tail + chunk):
                found = True
                break
            tail = chunk[-32:]
    if not found:
        return []
    cells = []
    for _, element in iterparse(archive.open(sheet), forbid_dtd=True):
        if element.tag.rsplit("}", 1)[-1] == "c":
            if any(child.tag.rsplit("}", 1)[-1] == "f" for child in element):
                match = re.match(r"([A-Z]+)(\d+)", element.get("r", ""))
                if match:
                    cells.append((int(match.group(2)), match.group(1)))
            element.clear()
    return cells or [(0, "?")]


# ---------------------------------------------------------------------------
# Reading rows
# ---------------------------------------------------------------------------


def read_table(path: str | Path, kind: str) -> Table:
    return _read_xlsx(Path(path)) if kind == XLSX else _read_csv(Path(path))


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (Chinese Excel's "CSV"); binary content is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused("文件是UTF-16编码（Excel的“Unicode文本”），请在Excel中另存为“CSV UTF-8（逗号分隔）”后上传。")
    if b"\0" in data:  # no text encoding the import accepts has NUL bytes
        raise FileRefused("文件含有二进制数据，不是文本CSV文件（与文件扩展名无关），已拒绝。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused("无法识别CSV文件的编码（应为UTF-8或GB18030），请在Excel中另存为“CSV UTF-8”后上传。")
    bad = CONTROL_CHARACTERS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise FileRefused(f"文件第{line}行含有二进制数据或控制字符，不是文本CSV文件，已拒绝。")
    return text


def _read_csv(path: Path) -> Table:
    text = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, [])
    except csv.Error as error:
        raise FileRefused(f"CSV文件第1行格式错误：{error}") from None
    return Table(header=header, header_row=1, rows=_csv_rows(reader), total=max(text.count("\n") - 1, 0))


def _csv_rows(reader) -> Iterator[tuple[int, list]]:
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise FileRefused(f"CSV文件第{number}行格式错误（引号不配对或单元格过长），请检查后重新上传。") from None
        yield number, cells


def _read_xlsx(path: Path) -> Table:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
        first_row = (sheet.start or (0, 0))[0] + 1
        header = next(rows, [])
    except (CalamineError, ValueError, OSError) as error:
        raise FileRefused(f"无法读取Excel文件：{str(error)[:120]}。请重新保存后上传。") from None
    total = max((sheet.height or 0) - 1, 0)
    return Table(header=list(header), header_row=first_row, rows=_numbered(rows, first_row + 1), total=total)


def _numbered(rows, start: int) -> Iterator[tuple[int, list]]:
    yield from enumerate(rows, start=start)


def normalize_header(cell) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split())
