"""With DEBUG off, errors are Chinese pages in the portal's layout, and every API error is one JSON shape."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import path, reverse
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from cqo_portal import urls as portal_urls
from cqo_portal.errors import FALLBACK_500

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def boom(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("odd input")


class Busy(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise Throttled(wait=30)


# The portal's URLs and error handlers, plus test-only views that fail on purpose.
handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
urlpatterns = [
    path("test-only/boom/", boom),
    path("test-only/suspicious/", suspicious),
    path("api/v1/test-only/boom", boom),
    path("api/v1/test-only/busy", Busy.as_view()),
    *portal_urls.urlpatterns,
]

MENU = 'class="navbar'


@pytest.fixture(autouse=True)
def _production_errors(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == {"error", "detail"} and set(body["error"]) == {"code", "message", "fields"}, body
    assert body["detail"] == body["error"]["message"]  # the earlier {"detail": ...} answer still works
    return body["error"]


def test_404_page_is_chinese_with_the_menu(client_for):
    response = client_for("province").get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "返回首页" in page
    assert MENU in page and f'href="{reverse("registry:enterprise-list")}"' in page, "the signed-in menu is shown"
    assert "Not Found" not in page


def test_403_page_names_the_policy_reason(client_for):
    response = client_for("enterprise_a").get(reverse("registry:enterprise-list"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "您没有权限访问此页面" in page
    assert "只有省局和设区市局工作人员可以查看企业名单。" in page
    assert MENU in page and f'href="{reverse("registry:my-enterprise")}"' in page
    assert "Forbidden" not in page


def test_400_page_is_chinese(client_for):
    response = client_for("city_a").get("/test-only/suspicious/")
    page = response.content.decode()
    assert response.status_code == 400
    assert "请求有误" in page and MENU in page
    assert "Bad Request" not in page


def test_500_page_is_chinese_and_needs_no_database(client_for):
    response = client_for("province").get("/test-only/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "服务器内部错误，已记录，请稍后重试" in page and MENU in page and "返回首页" in page
    assert "Server Error" not in page


def test_500_falls_back_to_plain_html_when_the_template_fails(client, monkeypatch):
    def broken(name, *args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr("cqo_portal.errors.loader.get_template", broken)
    response = client.get("/test-only/boom/")
    assert response.status_code == 500
    assert response.content.decode() == FALLBACK_500


def test_api_unknown_path_answers_json_not_a_page(client_for):
    response = client_for("province").get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "not_found" and "接口不存在" in error["message"]


def test_api_object_out_of_scope_names_the_model_in_chinese(client_for, world):
    response = client_for("city_b").get(reverse("api-enterprise-detail", args=[world.acme.pk]))
    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "未找到该企业。", "fields": {}}


def test_api_signed_out_and_refused(client_for):
    response = client_for("anonymous").get(reverse("api-enterprise-list"))
    assert response.status_code == 403
    assert error_of(response)["code"] == "not_authenticated" and "未登录" in error_of(response)["message"]


def test_api_validation_keeps_the_field_errors(client_for):
    response = client_for("province").get("/api/v1/persons", {"enterprise": "99999999999999999999"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid" and "字段" in error["message"]
    assert list(error["fields"]) == ["enterprise"] and error["fields"]["enterprise"]


def test_api_wrong_method(client_for):
    response = client_for("province").delete(reverse("api-enterprise-list"))
    assert response.status_code == 405
    error = error_of(response)
    assert error["code"] == "method_not_allowed" and "DELETE" in error["message"]


def test_api_unsupported_media_type(client_for):
    response = client_for("province").post("/api/v1/eligibility/check", "hello", content_type="text/plain")
    assert response.status_code == 415
    error = error_of(response)
    assert error["code"] == "unsupported_media_type" and "application/json" in error["message"]


def test_api_malformed_json(client_for):
    response = client_for("province").post("/api/v1/eligibility/check", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_api_throttled_says_when_to_retry(client):
    response = client.get("/api/v1/test-only/busy")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    error = error_of(response)
    assert error["code"] == "throttled" and "30秒" in error["message"]


def test_api_server_error_is_json(client_for):
    response = client_for("province").get("/api/v1/test-only/boom")
    assert response.status_code == 500
    assert error_of(response) == {
        "code": "server_error",
        "message": "服务器内部错误，已记录，请稍后重试。",
        "fields": {},
    }


def test_expired_form_token_is_explained_in_chinese(world):
    """A form posted without its CSRF token (a page left open too long) gets a Chinese 403, not Django's English one."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in page and "刷新页面" in page
    assert "CSRF verification failed" not in page
