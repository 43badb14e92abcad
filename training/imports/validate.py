"""Validating a graduate file into a plan: each row checked on its own (pure Python), then each batch of rows
resolved against the database in a fixed number of queries (persons by ID hash, enterprises by credit code, the
cohort's graduates); never a query per row. The plan holds resident IDs only as hash, ciphertext and mask."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError

from registry import crypto
from registry.bounds import VisibleText
from registry.models import City, Enterprise, Person
from registry.services.access_log import same_name
from registry.validators import normalize_credit_code, normalize_mobile, parse_resident_id, validate_credit_code

from ..models import Cohort, Graduate
from .columns import (
    COLUMN_BY_HEADER,
    EDUCATION_BY_LABEL,
    EDUCATION_WORDS,
    GENDER_BY_LABEL,
    GRADUATE_COLUMNS,
    HEADER_BY_KEY,
    MAX_QUALITY_WORK_YEARS,
    MAX_SCORE,
    RESULT_BY_LABEL,
    TITLE_BY_LABEL,
    TITLE_WORDS,
)
from .files import FileRefused, Table, normalize_header
from .plan import GRADUATE_FIELDS, classify

PINGTAN = "350128"
SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE][+]?\d+$")
MOBILE = re.compile(r"^1\d{10}$")
NUMERIC_ID = (
    "身份证号码被Excel存成了数字：Excel只保留15位有效数字，后几位已经丢失，无法还原。请把该列设为“文本”格式，"
    "重新录入（或粘贴）完整号码后再导入。"
)
NAME_ON_FILE_DIFFERS = (
    "该身份证号码已登记的人员姓名与本行姓名不一致。导入不会更改已登记的姓名：请核对姓名和身份证号码；"
    "确需更正姓名的，请联系该人员所在企业或设区市局先更正人员信息。"
)
_NAME = VisibleText("姓名")
_ENTERPRISE_NAME = VisibleText("工作单位")
_POSITION = VisibleText("职务")


def masked_value(key: str, value) -> str:
    """What a report shows of a cell: resident IDs masked like everywhere else (3501**********123X)."""
    text = "" if value is None else str(value)
    if key == "resident_id":
        return crypto.mask("".join(text.split()))
    return text[:100]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decimal(text: str, label: str, maximum: int) -> Decimal:
    try:
        number = Decimal(unicodedata.normalize("NFKC", text))
    except InvalidOperation:
        raise ValidationError(f"{label}应为数字，如 12 或 8.5。") from None
    if not number.is_finite():
        raise ValidationError(f"{label}应为数字，如 12 或 8.5。")
    if number < 0:
        raise ValidationError(f"{label}不能为负数。")
    if number > maximum:
        raise ValidationError(f"{label}不能超过{maximum}，请核对。")
    if number != number.quantize(Decimal("0.1")):
        raise ValidationError(f"{label}最多保留1位小数。")
    return number.quantize(Decimal("0.1"))


def _bounded_text(value: str, label: str, limit: int, validator: VisibleText, required: bool) -> str:
    if not value:
        if required:
            raise ValidationError(f"{label}不能为空。")
        return ""
    validator(value)
    if len(value) > limit:
        raise ValidationError(f"{label}最多{limit}字，当前{len(value)}字。")
    return " ".join(value.split())


class GraduateValidator:
    """Turns a table into a plan, batch by batch. `errors` lists every bad cell; the plan is usable only when
    there are none."""

    def __init__(self, cohort: Cohort, *, on_progress: Callable[[int], None] | None = None):
        self.cohort = cohort
        self.batch_size = settings.GRADUATE_IMPORT_BATCH
        self.on_progress = on_progress
        self.errors: list[dict] = []
        self.plan: list[dict] = []
        self.new_enterprises: dict[str, dict] = {}  # credit code -> {"code", "name", "city"}: first name wins
        self.enterprises: dict[str, int | None] = {}  # credit code -> id on file, None when to be created
        self.seen: dict[str, int] = {}  # resident ID hash -> the row it was first seen on
        self.rows_read = 0
        self.cities = {code: pk for code, pk in City.objects.values_list("code", "id")}
        self.columns: dict[int, str] = {}

    def error(self, row: int, key_or_header: str, message: str, value="") -> None:
        header = HEADER_BY_KEY.get(key_or_header, key_or_header)
        key = COLUMN_BY_HEADER[header].key if header in COLUMN_BY_HEADER else ""
        self.errors.append({"row": row, "column": header, "message": message, "value": masked_value(key, value)})

    # -- the table ---------------------------------------------------------

    def run(self, table: Table) -> None:
        if not self._read_header(table):
            return
        batch: list[tuple[int, dict]] = []
        limit = settings.GRADUATE_IMPORT_MAX_ROWS
        for number, cells in table.rows:
            if not any(_text(cell) for cell in cells):
                continue  # blank lines are not rows
            self.rows_read += 1
            if self.rows_read > limit:
                raise FileRefused(f"文件超过{limit}行学员，请分成几个文件导入。")
            batch.append((number, {key: cells[i] if i < len(cells) else None for i, key in self.columns.items()}))
            if len(batch) >= self.batch_size:
                self._batch(batch)
                batch = []
        if batch:
            self._batch(batch)
        if not self.rows_read and not self.errors:
            self.error(table.header_row + 1, "", "文件中没有学员数据行（第一行是列名，学员从第二行起每行一人）。")

    def _read_header(self, table: Table) -> bool:
        row = table.header_row
        seen = set()
        for index, cell in enumerate(table.header):
            header = normalize_header(cell)
            if not header:
                continue
            column = COLUMN_BY_HEADER.get(header)
            if column is None:
                known = "、".join(c.header for c in GRADUATE_COLUMNS)
                self.error(row, header, f"未知的列名「{header}」。列名应为：{known}（请使用下载的模板）。", cell)
            elif header in seen:
                self.error(row, header, f"列名「{header}」重复出现，请删除多余的一列。", cell)
            else:
                seen.add(header)
                self.columns[index] = column.key
        for column in GRADUATE_COLUMNS:
            if column.required and column.header not in seen:
                self.error(row, column.header, f"缺少必填列「{column.header}」，请使用下载的模板。")
        return not self.errors

    # -- one row, no database --------------------------------------------------

    def _parse(self, row: int, cells: dict) -> dict | None:
        errors_before = len(self.errors)
        out: dict = {"row": row}

        def check(key, function):
            try:
                return function()
            except ValidationError as error:
                self.error(row, key, "".join(error.messages), cells.get(key))
                return None

        out["name"] = check("name", lambda: _bounded_text(_text(cells.get("name")), "姓名", 50, _NAME, True))
        parsed = check("resident_id", lambda: self._resident_id(cells.get("resident_id")))
        gender = _text(cells.get("gender"))
        if gender:
            expected = GENDER_BY_LABEL.get(unicodedata.normalize("NFKC", gender).replace(" ", ""))
            if expected is None:
                self.error(row, "gender", "性别应填“男”或“女”（也可以不填，以身份证号码为准）。", gender)
            elif parsed is not None and expected != parsed.gender:
                shown = "男" if parsed.gender == "M" else "女"
                self.error(row, "gender", f"性别与身份证号码不符：号码显示为{shown}。", gender)
        out["enterprise_name"] = check(
            "enterprise_name",
            lambda: _bounded_text(_text(cells.get("enterprise_name")), "工作单位", 200, _ENTERPRISE_NAME, True),
        )
        out["code"] = check("credit_code", lambda: self._credit_code(cells.get("credit_code")))
        out["position"] = check(
            "position", lambda: _bounded_text(_text(cells.get("position")), "职务", 100, _POSITION, False)
        )
        out["education"] = check(
            "education", lambda: self._label(cells.get("education"), EDUCATION_BY_LABEL, "学历", EDUCATION_WORDS)
        )
        out["title_level"] = check(
            "title_level", lambda: self._label(cells.get("title_level"), TITLE_BY_LABEL, "职称", TITLE_WORDS)
        )
        for key, label, maximum in (
            ("quality_work_years", "质量工作年限", MAX_QUALITY_WORK_YEARS),
            ("score", "考核成绩", MAX_SCORE),
        ):
            text = _text(cells.get(key))
            number = (
                check(key, lambda text=text, label=label, maximum=maximum: _decimal(text, label, maximum))
                if text
                else None
            )
            out[key] = str(number) if number is not None else None
        out["passed"] = check(
            "result", lambda: self._label(cells.get("result"), RESULT_BY_LABEL, "考核结果", "合格、不合格")
        )
        out["phone"] = check("phone", lambda: self._mobile(cells.get("phone")))
        if parsed is not None:
            digest = crypto.keyed_hash(parsed.number)
            first = self.seen.get(digest)
            if first is not None:
                self.error(
                    row,
                    "resident_id",
                    f"与第{first}行的身份证号码重复：同一人在一个文件中只能出现一次。",
                    parsed.number,
                )
            else:
                self.seen[digest] = row
            out.update(
                hash=digest,
                masked=crypto.mask(parsed.number),
                gender=parsed.gender,
                birth_year=parsed.birth_date.year,
                number=parsed.number,  # dropped once the row is resolved (encrypted for a new person)
            )
        return out if len(self.errors) == errors_before else None

    @staticmethod
    def _resident_id(value):
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValidationError(NUMERIC_ID)
        text = _text(value)
        if not text:
            raise ValidationError("身份证号码不能为空。")
        if SCIENTIFIC.match(text):  # a CSV saved by Excel after it turned the column into numbers
            raise ValidationError(NUMERIC_ID)
        try:
            return parse_resident_id(text)
        except ValidationError as error:
            # Excel's number format writes the lost digits back as zeros: 350102199003070000.
            if error.code == "checksum" and text.endswith("000"):
                raise ValidationError(f"{error.messages[0]}号码末尾为000，{NUMERIC_ID}") from None
            raise

    @staticmethod
    def _credit_code(value) -> str:
        text = _text(value)
        if not text:
            raise ValidationError("统一社会信用代码不能为空。")
        if SCIENTIFIC.match(text) or (isinstance(value, int | float) and not isinstance(value, bool)):
            raise ValidationError(
                "统一社会信用代码被Excel存成了数字，后几位已经丢失；请把该列设为“文本”格式后重新录入。"
            )
        validate_credit_code(text)
        return normalize_credit_code(text)

    @staticmethod
    def _label(value, choices: dict, label: str, words: str):
        text = "".join(unicodedata.normalize("NFKC", _text(value)).split())
        if not text:
            raise ValidationError(f"{label}不能为空，应填：{words}。")
        if text not in choices:
            raise ValidationError(f"{label}「{text}」无法识别，应填：{words}。")
        return choices[text]

    @staticmethod
    def _mobile(value) -> str:
        number = normalize_mobile(_text(value))
        if number and not MOBILE.match(number):
            raise ValidationError("手机号码应为以1开头的11位数字。")
        return number

    def _city(self, code: str) -> tuple[int | None, str]:
        division = code[2:8]
        if division == PINGTAN:
            return self.cities.get(PINGTAN), ""
        if not division.startswith("35"):
            return None, (
                f"该统一社会信用代码的登记机关行政区划码为{division}，不在福建省；门户只登记福建省内的企业，请核对代码。"
            )
        city = self.cities.get(division[:4] + "00")
        if city is None:
            return None, (
                f"该企业尚未在门户登记，且无法从代码的行政区划码{division}确定所属设区市（省级登记的企业）；"
                "请先由所属设区市局在门户登记该企业，再导入。"
            )
        return city, ""

    # -- a batch, against the database ------------------------------------------

    def _batch(self, batch: list[tuple[int, dict]]) -> None:
        parsed = [row for number, cells in batch if (row := self._parse(number, cells)) is not None]
        persons = {
            digest: (pk, name)
            for digest, pk, name in Person.objects.filter(
                resident_id_hash__in=[row["hash"] for row in parsed]
            ).values_list("resident_id_hash", "id", "name")
        }
        unknown = {row["code"] for row in parsed} - self.enterprises.keys()
        if unknown:
            found = dict(Enterprise.objects.filter(credit_code__in=unknown).values_list("credit_code", "id"))
            self.enterprises.update({code: found.get(code) for code in unknown})
        person_ids = [persons[row["hash"]][0] for row in parsed if row["hash"] in persons]
        graduates = {}
        if person_ids:
            graduates = {
                values["person_id"]: values
                for values in Graduate.objects.filter(cohort=self.cohort, person_id__in=person_ids).values(
                    "id", "person_id", "enterprise__credit_code", *GRADUATE_FIELDS
                )
            }
        for row in parsed:
            self._resolve(row, persons.get(row["hash"]), graduates)
        self.progress(len(batch))

    def progress(self, count: int) -> None:
        if self.on_progress is not None:
            self.on_progress(count)

    def _resolve(self, row: dict, person, graduates: dict) -> None:
        number = row.pop("number")
        ok = True
        if person is not None:
            if not same_name(person[1], row["name"]):
                self.error(row["row"], "name", NAME_ON_FILE_DIFFERS, row["name"])
                ok = False
            row["person"] = person[0]
        else:
            row["person"] = None
            row["enc"] = crypto.encrypt(number)
        code = row["code"]
        row["enterprise"] = self.enterprises[code]
        if row["enterprise"] is None and code not in self.new_enterprises:
            city, message = self._city(code)
            if city is None:
                self.error(row["row"], "credit_code", message, code)
                ok = False
            else:
                self.new_enterprises[code] = {"code": code, "name": row["enterprise_name"], "city": city}
        if not ok:
            return
        graduate = graduates.get(row["person"]) if row["person"] else None
        row.update(classify(row, graduate))
        self.plan.append(row)


def validate_rows(cohort: Cohort, table: Table, *, on_progress=None) -> GraduateValidator:
    validator = GraduateValidator(cohort, on_progress=on_progress)
    validator.run(table)
    return validator
