"""Entrustment pages (provincial staff): add a period to an institution, end one, revoke one. Ending and revoking
show a confirmation page saying what follows before anything is written."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from cqo_portal.generic import PermissionRequiredMixin, ServiceFormView, show_refusal
from registry.permissions import can

from .. import services
from ..forms.institutions import EntrustmentEndForm, EntrustmentForm, EntrustmentRevokeForm
from ..models import Entrustment, Institution
from .institutions import institution_url


class EntrustmentAddView(ServiceFormView):
    permission = "institution.manage"
    form_class = EntrustmentForm
    template_name = "training/entrustment/form.html"
    service = services.entrustment_add
    success_message = "委托期已登记。"

    def get_institution(self) -> Institution:
        if not hasattr(self, "_institution"):
            self._institution = get_object_or_404(
                Institution.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
            )
        return self._institution

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Entrustment(institution=self.get_institution())}

    def get_context_data(self, **kwargs):
        return super().get_context_data(institution=self.get_institution(), **kwargs)

    def service_kwargs(self, form):
        return {"institution": self.get_institution(), **form.cleaned_data}

    def get_success_url(self):
        return institution_url(self.get_institution())


class EntrustmentChangeView(PermissionRequiredMixin, FormView):
    """The form, then a confirmation page (`confirm_template`), then the service; `edit` goes back to the form.
    A revoked period is not changed again: the page says so and returns to the institution."""

    permission = "institution.manage"
    confirm_template = ""

    def dispatch(self, request, *args, **kwargs):
        if can(request.user, self.permission):
            self.entrustment = get_object_or_404(
                Entrustment.objects.visible_to(request.user).select_related("institution"), pk=kwargs["pk"]
            )
            if self.entrustment.revoked:
                messages.info(request, f"该委托期已于{self.entrustment.revoked_on or '此前'}撤销，不能再变更。")
                return redirect(institution_url(self.entrustment.institution))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entrustment=self.entrustment, institution=self.entrustment.institution, **kwargs
        )

    def check(self, data: dict) -> None:
        raise NotImplementedError

    def write(self, data: dict) -> None:
        raise NotImplementedError

    def confirm_context(self, data: dict) -> dict:
        return {}

    def form_valid(self, form):
        if "edit" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        try:
            if "confirm" not in self.request.POST:
                # Refused here as the service would refuse it: the confirmation never shows an impossible change.
                self.check(form.cleaned_data)
                self.template_name = self.confirm_template
                context = self.get_context_data(form=form, **self.confirm_context(form.cleaned_data))
                return self.render_to_response(context)
            self.write(form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        return redirect(institution_url(self.entrustment.institution))


class EntrustmentEndView(EntrustmentChangeView):
    form_class = EntrustmentEndForm
    template_name = "training/entrustment/end.html"
    confirm_template = "training/entrustment/end_confirm.html"

    def get_initial(self):
        return {"until": self.entrustment.until} if self.entrustment.until else super().get_initial()

    def check(self, data):
        services.entrustment_end_check(entrustment=self.entrustment, until=data["until"])

    def confirm_context(self, data):
        # Cohorts already running past the new end date stay, but the province should know about them.
        beyond = self.entrustment.institution.cohorts.filter(
            start_date__gte=self.entrustment.from_date, end_date__gt=data["until"]
        ).order_by("start_date", "pk")
        return {"cohorts_beyond": list(beyond[:50])}

    def write(self, data):
        services.entrustment_end(entrustment=self.entrustment, until=data["until"], actor=self.request.user)
        messages.success(self.request, f"委托期的截止日期已定为{data['until']:%Y-%m-%d}。")


class EntrustmentRevokeView(EntrustmentChangeView):
    form_class = EntrustmentRevokeForm
    template_name = "training/entrustment/revoke.html"
    confirm_template = "training/entrustment/revoke_confirm.html"

    def check(self, data):
        services.entrustment_revoke_check(
            entrustment=self.entrustment, revoked_on=data["revoked_on"], reason=data["revoked_reason"]
        )

    def confirm_context(self, data):
        period = self.entrustment
        certificates = period.institution.certificates.filter(issued_on__gte=period.from_date)
        if period.until is not None:
            certificates = certificates.filter(issued_on__lte=period.until)
        return {"certificates_in_period": certificates.count()}

    def write(self, data):
        services.entrustment_revoke(
            entrustment=self.entrustment,
            revoked_on=data["revoked_on"],
            reason=data["revoked_reason"],
            actor=self.request.user,
        )
        messages.success(self.request, "该委托期已撤销，持证人员的任职资格已重新核验。")
