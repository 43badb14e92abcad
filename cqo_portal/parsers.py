"""The API's JSON parser: bounded in size and nesting, and refusing text PostgreSQL or UTF-8 cannot hold.

Python's json module recurses once per `[` or `{`, so 10,000 nested brackets raised RecursionError
(a 500) before any view saw the body. The depth is measured on the raw text first, without
recursion; every refusal is a DRF ParseError, so the API's exception handler shapes the 400.
"""

from __future__ import annotations

import codecs
import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from .input import is_storable

# A candidate is four levels deep (certificates[].institution_entrusted.from); a list of them five.
MAX_DEPTH = 32
# A batch of a few thousand candidates; the eligibility API is the only one that takes a body.
MAX_BYTES = 1024 * 1024


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


def _check_strings(value) -> None:
    """Every key and string value storable; iterative, so a wide or deep body cannot recurse."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if not is_storable(item):
                raise ParseError("请求体中含有空字符（\\u0000）或单独的代理字符（\\ud800–\\udfff），无法处理。")
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read(MAX_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BYTES:
            raise ParseError(f"请求体超过{MAX_BYTES // 1024 // 1024} MB，请分批提交。")
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError("请求体不是有效的 UTF-8 编码的 JSON。") from None
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(f"请求体的 JSON 嵌套超过{MAX_DEPTH}层，无法处理。")
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as error:
            raise ParseError(f"请求体不是有效的 JSON：第{error.lineno}行第{error.colno}列有误。") from None
        except ValueError:  # NaN or Infinity, or an integer of thousands of digits
            raise ParseError("请求体含有 JSON 不允许的数值（NaN、Infinity 或过长的整数）。") from None
        _check_strings(data)
        return data


def _refuse_constant(name: str):
    raise ValueError(name)
