"""Text the portal accepts at its edges: no NUL or lone surrogate reaches a view, and ids are ASCII digits.

PostgreSQL refuses a NUL in any string ("A string literal cannot contain NUL (0x00) characters")
and UTF-8 cannot carry a lone surrogate, so either one in a URL, a query string or a posted form
used to surface as a 500 from whichever query met it first. The middleware answers 400 for the
whole request instead, before any view runs; JSON bodies are checked by the API's parser
(cqo_portal/parsers.py) and keyset cursors by cqo_portal/keyset.py, all with `is_storable`.
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader

BAD_CHARACTER_MESSAGE = "请求中含有空字符（\\0）或无法识别的字符，无法处理。请检查链接或重新输入后再试。"

# The largest value a bigint primary key (and any other database integer) holds.
MAX_DATABASE_INTEGER = 2**63 - 1

API_PREFIX = "/api/"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_storable(text: str) -> bool:
    """True when PostgreSQL can store the text: no NUL and no lone surrogate (which UTF-8 cannot encode)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_ascii_digits(text: str) -> bool:
    """`str.isdigit()` also accepts '²' and '٣', which `int()` or the database then refuses: ids are 0-9 only."""
    return text.isascii() and text.isdigit()


def parse_id(text: str) -> int | None:
    """A primary key typed into a URL: ASCII digits within the database's integer range, else None."""
    if not is_ascii_digits(text) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_DATABASE_INTEGER else None


def _all_storable(data) -> bool:
    return all(is_storable(key) and all(is_storable(value) for value in data.getlist(key)) for key in data)


class StorableInputMiddleware:
    """Answers 400, in Chinese (JSON under /api/), to a request whose path, query or form fields hold NUL,
    and forgets a cookie holding one (a quoted cookie's octal escape \\000 decodes to NUL): a garbled
    session cookie then means "not signed in", as a stale one does, instead of a 500 from the session
    table. It comes before SessionMiddleware, which reads the cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if not is_storable(value)]:
            del request.COOKIES[name]
        if not self.acceptable(request):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        """The portal's 400: the API's one error shape, or the 400 page in the portal's layout (rendered
        without the request, whose session and user are not read yet)."""
        if request.path_info.startswith(API_PREFIX):
            # Imported here: errors imports DRF, whose settings import the parsers, which import this module.
            from .errors import error_body

            return JsonResponse(
                error_body("bad_input", BAD_CHARACTER_MESSAGE), status=400, json_dumps_params={"ensure_ascii": False}
            )
        return HttpResponseBadRequest(loader.get_template("400.html").render({"message": BAD_CHARACTER_MESSAGE}))

    @staticmethod
    def acceptable(request) -> bool:
        if not is_storable(request.path_info) or not _all_storable(request.GET):
            return False
        # Page forms only: CsrfViewMiddleware reads request.POST for these anyway. Under /api/ DRF reads
        # the body itself (reading it here would hide a 415 for a form sent to a JSON-only endpoint) and
        # its JSON parser checks the strings. Uploaded files are bytes and not looked at.
        api = request.path_info.startswith(API_PREFIX)
        if request.method == "POST" and not api and request.content_type in FORM_CONTENT_TYPES:
            return _all_storable(request.POST)
        return True
