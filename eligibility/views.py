"""The self-check page: any signed-in user fills in the contract's facts and sees the engine's verdict."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from . import rules
from .forms import SelfCheckForms


class CheckView(LoginRequiredMixin, TemplateView):
    """The verdict is shown by {% verdict_card %} (eligibility/present.py), as on every other page."""

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
