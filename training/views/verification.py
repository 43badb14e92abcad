"""Public certificate verification (CONTRACT §6), no login: the page by number and name, the QR code's signed
link, the published public keys, and the JSON endpoint. Look-ups by number and name are limited per client
address (settings.VERIFY_LIMITS): refused with HTTP 429, Retry-After and the reason in Chinese."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import View
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cqo_portal.client_ip import client_ip
from cqo_portal.errors import error_body

from ..certificates import limits, signing
from ..forms.certificates import VerifyForm
from ..services import verification


class VerifyView(View):
    """/verify/: the form; with ?number=&name= the answer below it (GET, so it works without JavaScript)."""

    template_name = "training/certificate/verify.html"

    def get(self, request):
        asked = "number" in request.GET or "name" in request.GET
        form = VerifyForm(request.GET if asked else None)
        context = {"form": form, "result": None}
        status = 200
        if asked and form.is_valid():
            wait = limits.attempt(client_ip(request))
            if wait:
                context["refusal"] = limits.refusal(wait)
                response = render(request, self.template_name, context, status=429)
                response["Retry-After"] = str(wait)
                return response
            context["result"] = verification.verify_by_number(
                number=form.cleaned_data["number"], name=form.cleaned_data["name"]
            )
        return render(request, self.template_name, context, status=status)


class VerifyTokenView(View):
    """/verify/<token>/: the QR code's link. The signature is checked first, apart from the status as of now."""

    template_name = "training/certificate/verify_token.html"

    def get(self, request, token):
        check = verification.verify_token(token)
        return render(request, self.template_name, {"check": check, "form": VerifyForm()})


@never_cache
def public_keys(request):
    """/verify/keys.json: the bureau's public keys (JWKS), current and retired, for checking offline."""
    response = JsonResponse(signing.published_keys())
    response["Access-Control-Allow-Origin"] = "*"
    return response


VerificationSerializer = inline_serializer(
    name="CertificateVerification",
    fields={
        "status": serializers.ChoiceField(choices=["valid", "revoked", "not_found"]),
        "number": serializers.CharField(required=False, help_text="证书编号"),
        "holder": serializers.CharField(required=False, help_text="持证人姓名（脱敏）"),
        "institution": serializers.CharField(required=False, help_text="发证机构"),
        "cohort": serializers.CharField(required=False, help_text="培训班次名称"),
        "issued_on": serializers.DateField(required=False, help_text="发证日期"),
        "revoked_on": serializers.DateField(required=False, allow_null=True, help_text="撤销日期"),
    },
)


class VerifyApiView(APIView):
    """GET /api/v1/certificates/verify?number=&name=: no login; only `status` when not found."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="结业证书公开查验",
        description="按证书编号和持证人姓名查验，无需登录。只返回脱敏姓名、发证机构、班次和日期，"
        "从不返回身份证号码或出生年份。同一网络地址查询过多时返回 429 和 Retry-After。",
        parameters=[
            OpenApiParameter("number", str, required=True, description="证书编号"),
            OpenApiParameter("name", str, required=True, description="持证人姓名"),
        ],
        responses={
            200: VerificationSerializer,
            429: OpenApiResponse(description="同一网络地址查询过多；Retry-After 给出需等待的秒数。"),
        },
        auth=[],
    )
    def get(self, request):
        form = VerifyForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError({field: list(errors) for field, errors in form.errors.items()})
        wait = limits.attempt(client_ip(request))
        if wait:
            # The API's one error shape, with this limit's own reason (DRF's Throttled would give its stock text).
            return Response(
                error_body("throttled", limits.refusal(wait)), status=429, headers={"Retry-After": str(wait)}
            )
        answer = verification.verify_by_number(number=form.cleaned_data["number"], name=form.cleaned_data["name"])
        return Response(answer.as_json())
