"""Checking a batch of contract-shaped candidates: all understood and judged, or none (command and API)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .rules import CandidateError, evaluate, parse_candidate, verdict_to_dict


@dataclass(frozen=True)
class Problem:
    record: int | None  # index in the input list (0 for a single object); None: the whole input
    id: str | None
    field: str
    message: str

    def line(self) -> str:
        where = "输入" if self.record is None else f"记录[{self.record}]"
        if self.id is not None:
            where += f"（id={json.dumps(self.id, ensure_ascii=False)}）"
        if self.field:
            where += f" 字段 {self.field}"
        return f"{where}：{self.message}"

    def as_dict(self) -> dict:
        return {"record": self.record, "id": self.id, "field": self.field, "message": self.message}


class BatchError(Exception):
    """Some input was not understood; `problems` names each record, field and reason."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems
        self.total = total
        super().__init__(self.summary)

    @property
    def summary(self) -> str:
        if self.total is None:
            return "输入无法读取，未输出任何结论。"
        bad = len({p.record for p in self.problems})
        return f"共{self.total}条记录，其中{bad}条有误，未输出任何结论；请改正后重新提交。"

    def lines(self) -> list[str]:
        return [p.line() for p in self.problems]


def read_records(text: str) -> tuple[list, bool]:
    """The records in a JSON text, and whether it held a single object rather than a list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem(None, None, "", f"不是有效的JSON（第{error.lineno}行第{error.colno}列：{error.msg}）")
        raise BatchError([problem]) from None
    return records_from(data)


def records_from(data) -> tuple[list, bool]:
    if isinstance(data, dict):
        return [data], True
    if isinstance(data, list):
        return data, False
    raise BatchError([Problem(None, None, "", "顶层应为一个候选人JSON对象，或候选人对象组成的数组")])


def evaluate_batch(records: list) -> list[dict]:
    """Verdict dicts in input order; BatchError listing every bad record if any is bad."""
    verdicts = []
    problems: list[Problem] = []
    for index, record in enumerate(records):
        try:
            candidate = parse_candidate(record)
        except CandidateError as error:
            record_id = record.get("id") if isinstance(record, dict) else None
            shown_id = record_id if isinstance(record_id, str) else None
            problems.extend(Problem(index, shown_id, path, message) for path, message in error.errors)
            continue
        if not problems:  # once something is bad nothing is output, so stop judging
            verdicts.append(verdict_to_dict(evaluate(candidate)))
    if problems:
        raise BatchError(problems, total=len(records))
    return verdicts
