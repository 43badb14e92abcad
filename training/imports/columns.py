"""The columns of a graduate file (CONTRACT §3) and the labels their cells may hold."""

from __future__ import annotations

from dataclasses import dataclass

from registry.models import Education, TitleLevel


@dataclass(frozen=True)
class Column:
    header: str  # as the file's first row names it
    required: bool
    key: str  # the row dict's key in the engine
    example: str  # the templates' example row


GRADUATE_COLUMNS: tuple[Column, ...] = (
    Column("姓名", True, "name", "林芳"),
    Column("身份证号码", True, "resident_id", "350102199003070047"),
    Column("性别", False, "gender", "女"),
    Column("工作单位", True, "enterprise_name", "榕城精密机械有限公司"),
    Column("统一社会信用代码", True, "credit_code", "91350102MA0000001L"),
    Column("职务", False, "position", "质量总监"),
    Column("学历", True, "education", "本科"),
    Column("职称", True, "title_level", "中级"),
    Column("质量工作年限", False, "quality_work_years", "12"),
    Column("考核成绩", False, "score", "88.5"),
    Column("考核结果", True, "result", "合格"),
    Column("手机号码", False, "phone", "13800000001"),
)
COLUMN_BY_HEADER = {column.header: column for column in GRADUATE_COLUMNS}
HEADER_BY_KEY = {column.key: column.header for column in GRADUATE_COLUMNS}

# CONTRACT §3's words first; the portal's own labels (eligibility.rules, shown on every page) are accepted too,
# so a file exported from the portal imports again.
EDUCATION_BY_LABEL = {
    "博士": Education.DOCTORATE,
    "硕士": Education.MASTER,
    "本科": Education.BACHELOR,
    "大专": Education.ASSOCIATE,
    "中专": Education.SECONDARY_VOCATIONAL,
    "中职": Education.SECONDARY_VOCATIONAL,
    "高中": Education.HIGH_SCHOOL,
    "初中及以下": Education.JUNIOR_HIGH_OR_BELOW,
    **{choice.label: choice.value for choice in Education},
}
TITLE_BY_LABEL = {
    "正高级": TitleLevel.SENIOR,
    "副高级": TitleLevel.ASSOCIATE_SENIOR,
    "中级": TitleLevel.INTERMEDIATE,
    "助理级": TitleLevel.ASSISTANT,
    "员级": TitleLevel.TECHNICIAN,
    "无": TitleLevel.NONE,
    **{choice.label: choice.value for choice in TitleLevel},
}
RESULT_BY_LABEL = {"合格": True, "不合格": False}
GENDER_BY_LABEL = {"男": "M", "女": "F"}

EDUCATION_WORDS = "博士、硕士、本科、大专、中专、高中、初中及以下"
TITLE_WORDS = "正高级、副高级、中级、助理级、员级、无"

# Sane bounds for the figures (a working life; a score out of 100, or a few points more on some scales).
MAX_QUALITY_WORK_YEARS = 60
MAX_SCORE = 150
