"""Chinese error answers: the portal's 400/403/404/500 pages, and one JSON shape for every API error.

Every API error, whether DRF raised it in a view or Django answered a path under /api/ that no
view matched, is `{"error": {"code": ..., "message": ..., "fields": {...}}}`: `code` a stable
English word for programs, `message` Chinese for people, `fields` the per-field messages of a
400 (empty otherwise). Beside it, `detail` repeats the message: clients written against the
API's earlier answers (DRF's `{"detail": ...}`) keep working (CONTRACT.md: an interface changes
only with the old form working beside the new).
"""

from __future__ import annotations

import logging
import math

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

log = logging.getLogger(__name__)

API_PREFIX = "/api/"

NOT_AUTHENTICATED = "未登录或登录已过期，请先登录。"
NO_PERMISSION = "无权限执行此操作。"
INVALID = "提交的数据有误，请按各字段的提示修改。"
NOT_FOUND_PATH = "接口不存在，请核对地址（接口说明见 /api/v1/schema/）。"
SERVER_ERROR = "服务器内部错误，已记录，请稍后重试。"
BAD_REQUEST = "请求有误，无法处理。"


def error_body(code: str, message: str, fields: dict | None = None, **extra) -> dict:
    """The one JSON shape of an API error (`extra`: further keys inside "error", e.g. an eligibility
    batch's per-record problems), with the message also under the earlier `detail`."""
    return {"error": {"code": code, "message": message, "fields": fields or {}, **extra}, "detail": message}


def _model_name(view) -> str | None:
    queryset = getattr(view, "queryset", None)
    model = getattr(queryset, "model", None)
    if model is None:
        meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
        model = getattr(meta, "model", None)
    return str(model._meta.verbose_name) if model is not None else None


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {name: _fields_value(value) for name, value in detail.items()}
    # A list of errors not tied to one field (a serializer's validate()).
    return {"non_field_errors": _fields_value(detail)}


def _fields_value(value):
    if isinstance(value, dict):
        return {name: _fields_value(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_fields_value(item) for item in value]
    return str(value)


def _custom(exc: exceptions.APIException) -> str | None:
    """The exception's own message when a view gave one (a policy refusal), not DRF's stock text."""
    detail = str(exc.detail)
    return detail if detail and detail != str(exc.default_detail) else None


def _code_and_message(exc: exceptions.APIException, context: dict) -> tuple[str, str]:
    if isinstance(exc, exceptions.ParseError):
        # The portal's bounded parser (cqo_portal.parsers) says what is wrong in Chinese; DRF's own English
        # "JSON parse error - ..." is replaced by the general message.
        own = _custom(exc)
        chinese = own is not None and any("\u4e00" <= character <= "\u9fff" for character in own)
        return "parse_error", own if chinese else "请求内容无法解析，请提交有效的 JSON。"
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return "not_authenticated", NOT_AUTHENTICATED
    if isinstance(exc, exceptions.PermissionDenied):
        return "permission_denied", _custom(exc) or NO_PERMISSION
    if isinstance(exc, exceptions.NotFound):
        name = _model_name(context.get("view"))
        return "not_found", f"未找到该{name}。" if name else "未找到该记录。"
    if isinstance(exc, exceptions.MethodNotAllowed):
        request = context.get("request")
        method = getattr(request, "method", "") or ""
        return "method_not_allowed", f"此接口不支持 {method} 请求。"
    if isinstance(exc, exceptions.NotAcceptable):
        return "not_acceptable", "无法按请求的格式（Accept）应答，本接口只返回 JSON。"
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "unsupported_media_type", "不支持的请求内容类型，请以 application/json 提交。"
    if isinstance(exc, exceptions.Throttled):
        wait = f"请{math.ceil(exc.wait)}秒后再试。" if exc.wait is not None else "请稍后再试。"
        return "throttled", "请求过于频繁，" + wait
    return str(exc.default_code), _custom(exc) or BAD_REQUEST


def api_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error a DRF view raises, in the one shape, in Chinese.
    Anything else (a bug) is left to Django, whose handler500 answers JSON under /api/."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if not isinstance(exc, exceptions.APIException):
        return None

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(math.ceil(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        body = error_body("invalid", INVALID, _fields(exc.detail))
    else:
        code, message = _code_and_message(exc, context)
        body = error_body(code, message)
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


# ---------------------------------------------------------------------------
# Django's handlers (cqo_portal.urls: handler400, handler403, handler404, handler500)
# ---------------------------------------------------------------------------
def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _api(code: str, message: str, status_code: int) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status_code, json_dumps_params={"ensure_ascii": False})


def _page(request, template: str, context: dict) -> str:
    """An error page in the portal's layout; without the request's context when the request never reached the
    authentication middleware (a 400 raised while an earlier middleware read the body has no `user`)."""
    return loader.render_to_string(template, context, request if hasattr(request, "user") else None)


@requires_csrf_token
def bad_request(request, exception=None):
    if _is_api(request):
        return _api("bad_request", BAD_REQUEST, status.HTTP_400_BAD_REQUEST)
    body = _page(request, "400.html", {})
    return HttpResponse(body, status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    # A refusal from the policy table carries its reason (cqo_portal.generic.PermissionRequiredMixin).
    reason = str(exception) if exception is not None and exception.args else ""
    if _is_api(request):
        return _api("permission_denied", reason or NO_PERMISSION, status.HTTP_403_FORBIDDEN)
    body = _page(request, "403.html", {"reason": reason})
    return HttpResponse(body, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return _api("not_found", NOT_FOUND_PATH, status.HTTP_404_NOT_FOUND)
    body = _page(request, "404.html", {})
    return HttpResponse(body, status=404)


FALLBACK_500 = (
    '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>服务器内部错误</title></head>'
    '<body><h1>服务器内部错误</h1><p>服务器内部错误，已记录，请稍后重试。</p><p><a href="/">返回首页</a></p></body></html>'
)


@requires_csrf_token
def server_error(request):
    """Rendered without the request's context processors, which may need the database that
    just failed; if even that fails, a page with no template at all."""
    if _is_api(request):
        return _api("server_error", SERVER_ERROR, status.HTTP_500_INTERNAL_SERVER_ERROR)
    try:
        body = loader.get_template("500.html").render({})
    except Exception:
        log.exception("The 500 page itself failed to render")
        body = FALLBACK_500
    return HttpResponseServerError(body)
