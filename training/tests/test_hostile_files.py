"""Hostile graduate files are refused before they are parsed, with a clear message and the JSON summary naming
the error as the last line, and no row of any table changes."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.models import Enterprise, Person
from training.models import Cohort, Graduate, GraduateImport
from training.tests import graduate_files as gf

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode() for i in range(1, 10)
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def _replace_part(workbook: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return out.getvalue()


def zip_bomb() -> bytes:
    """A valid workbook with one more part that inflates from about 100 KB to 100 MB of zeros."""
    workbook = gf.xlsx_bytes(gf.rows(2))
    out = io.BytesIO(workbook)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (100 * 1024 * 1024))
    return out.getvalue()


def billion_laughs() -> bytes:
    return _replace_part(gf.xlsx_bytes(gf.rows(2)), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)


def renamed_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\0" * 4000


def numeric_ids() -> bytes:
    records = gf.rows(3)
    # What Excel does to an ID column left in "General" format: a number with 15 significant digits.
    raw = {(i, "身份证号码"): float(record["身份证号码"][:17]) * 10 for i, record in enumerate(records)}
    return gf.xlsx_bytes(records, raw=raw)


def formula_cell() -> bytes:
    return gf.xlsx_bytes(gf.rows(3), raw={(1, "考核成绩"): "=80+5"})


CASES = [
    ("bomb.xlsx", zip_bomb, 0, "压缩"),
    ("laughs.xlsx", billion_laughs, 0, "实体声明"),
    ("graduates.xlsx", renamed_executable, 0, "可执行程序"),
    ("graduates.csv", renamed_executable, 0, "可执行程序"),
    ("numbers.xlsx", numeric_ids, 2, "Excel只保留15位有效数字"),
    ("formula.xlsx", formula_cell, 3, "公式"),
]


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Person, Enterprise, Cohort, Graduate, GraduateImport)}


@pytest.mark.parametrize(("filename", "build", "row", "words"), CASES, ids=[c[0] + "-" + c[1].__name__ for c in CASES])
def test_hostile_file_refused_by_the_command(tmp_path, capsys, world, filename, build, row, words):
    """Each hostile file is refused with a clear message; the last line names the error; nothing changes."""
    gf.entrusted_cohort(world.academy)
    path = tmp_path / filename
    path.write_bytes(build())
    before = _counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    assert refused.value.returncode == 1
    lines = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(lines[-1])
    assert summary["created"] == summary["updated"] == summary["unchanged"] == 0
    assert summary["errors"], summary
    assert summary["errors"][0]["row"] == row
    assert words in summary["errors"][0]["message"]
    assert any(words in line for line in lines[:-1])  # the readable report above the summary
    assert _counts() == before


def test_numeric_ids_are_reported_on_every_row_in_their_column(tmp_path, capsys, world):
    gf.entrusted_cohort(world.academy)
    path = tmp_path / "numbers.xlsx"
    path.write_bytes(numeric_ids())
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    errors = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "身份证号码"), (3, "身份证号码"), (4, "身份证号码")]


def test_formula_cell_is_named_by_row_and_column(tmp_path, capsys, world):
    gf.entrusted_cohort(world.academy)
    path = tmp_path / "formula.xlsx"
    path.write_bytes(formula_cell())
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    errors = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "考核成绩")]
    assert "J3" in errors[0]["message"]


def test_upload_refuses_hostile_files_and_writes_nothing(world, tmp_path):
    """The browser's upload refuses the same files before storing anything."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from training.services import graduate_import_upload

    cohort = gf.entrusted_cohort(world.academy)
    for filename, build, _, words in CASES:
        if filename == "numbers.xlsx":
            continue  # a table whose cells are wrong: that is the validation report's business
        before = _counts()
        with pytest.raises(ValidationError) as refused:
            graduate_import_upload(
                cohort=cohort,
                uploaded_file=SimpleUploadedFile(filename, build()),
                actor=world.user("institution_a"),
            )
        assert words in " ".join(refused.value.message_dict["file"])
        assert _counts() == before


def test_oversized_file_refused_by_its_size(tmp_path, capsys, world, settings):
    settings.GRADUATE_IMPORT_MAX_BYTES = 1000
    gf.entrusted_cohort(world.academy)
    path = tmp_path / "big.csv"
    path.write_bytes(gf.csv_bytes(gf.rows(30)))
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "文件过大" in summary["errors"][0]["message"]


def test_unsafe_paths_and_too_many_entries_refused(tmp_path, capsys, world, settings):
    gf.entrusted_cohort(world.academy)
    workbook = gf.xlsx_bytes(gf.rows(2))
    out = io.BytesIO(workbook)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("../../etc/evil.xml", b"<a/>")
    path = tmp_path / "paths.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    assert "不安全的路径" in capsys.readouterr().out
    settings.GRADUATE_IMPORT_XLSX_MAX_ENTRIES = 5
    path.write_bytes(workbook)
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    assert "部件" in capsys.readouterr().out.strip().splitlines()[-1]


def test_a_docx_named_xlsx_and_a_binary_named_csv_are_refused(tmp_path, capsys, world):
    gf.entrusted_cohort(world.academy)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
    path = tmp_path / "letter.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    assert "不是Excel工作簿" in capsys.readouterr().out.strip().splitlines()[-1]
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    assert "不是文本CSV" in capsys.readouterr().out.strip().splitlines()[-1]


def test_a_central_directory_that_lies_about_sizes_is_refused(tmp_path, capsys, world):
    """A part that inflates to more than its directory entry says (the trick that slips a bomb past a size
    check) fails its CRC when read back within the declared size."""
    gf.entrusted_cohort(world.academy)
    data = bytearray(gf.xlsx_bytes(gf.rows(3)))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # The central directory entry: signature, then the uncompressed size at offset 24 (4 bytes, little-endian).
    name = info.filename.encode()
    position = data.find(name, data.find(b"PK\x01\x02")) - 46  # 46 bytes of fixed fields before the name
    assert data[position : position + 4] == b"PK\x01\x02"
    data[position + 24 : position + 28] = (info.file_size // 4).to_bytes(4, "little")
    path = tmp_path / "lying.xlsx"
    path.write_bytes(bytes(data))
    before = _counts()
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "与目录记录不符" in summary["errors"][0]["message"]
    assert _counts() == before


def test_a_utf16_text_file_is_told_how_to_save_it(tmp_path, capsys, world):
    gf.entrusted_cohort(world.academy)
    path = tmp_path / "unicode.csv"
    path.write_bytes(gf.csv_bytes(gf.rows(2)).decode().encode("utf-16"))
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(path))
    assert "UTF-16" in capsys.readouterr().out.strip().splitlines()[-1]
