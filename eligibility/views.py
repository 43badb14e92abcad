"""The self-check page: any signed-in user fills in the contract's facts and sees the engine's verdict."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from . import rules
from .forms import SelfCheckForms

# Bootstrap badge colour per clause result; the word shown beside it comes from rules.RESULT_LABELS.
RESULT_BADGES = {
    rules.PASS: "text-bg-success",
    rules.FAIL: "text-bg-danger",
    rules.REVIEW: "text-bg-warning",
    rules.NOT_APPLICABLE: "text-bg-secondary",
}
STATUS_ALERTS = {rules.ELIGIBLE: "alert-success", rules.INELIGIBLE: "alert-danger", rules.NEEDS_REVIEW: "alert-warning"}


class CheckView(LoginRequiredMixin, TemplateView):
    template_name = "eligibility/check.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(forms=SelfCheckForms()))

    def post(self, request, *args, **kwargs):
        forms = SelfCheckForms(request.POST)
        verdict = None
        if forms.is_valid():
            try:
                verdict = rules.evaluate(rules.parse_candidate(forms.candidate_data()))
            except rules.CandidateError as error:
                forms.add_engine_errors(error.errors)
        return self.render_to_response(self.get_context_data(forms=forms, verdict=verdict))

    def get_context_data(self, verdict=None, **kwargs):
        context = super().get_context_data(verdict=verdict, **kwargs)
        if verdict is not None:
            context["status_alert"] = STATUS_ALERTS[verdict.status]
            context["rows"] = [
                {"clause": c, "badge": RESULT_BADGES[c.result], "label": rules.RESULT_LABELS[c.result]}
                for c in verdict.clauses
            ]
        return context
