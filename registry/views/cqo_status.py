"""Article 14: bureau staff look up an enterprise's CQO-system status."""

from __future__ import annotations

from django.views.generic import TemplateView

from cqo_portal.generic import PermissionRequiredMixin

from ..forms.cqo_status import CqoStatusLookupForm
from ..models import Enterprise
from ..selectors import cqo_status


class CqoStatusLookupView(PermissionRequiredMixin, TemplateView):
    """Article 14: bureau staff look up an enterprise's CQO-system status by credit code."""

    permission = "cqo_status.lookup"
    template_name = "registry/appointments/cqo_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CqoStatusLookupForm(self.request.GET or None)
        context["form"] = form
        if form.is_valid():
            code = form.cleaned_data["credit_code"]  # normalised by the form
            enterprise = Enterprise.objects.visible_to(self.request.user).filter(credit_code=code).first()
            context["status"] = cqo_status(enterprise) if enterprise is not None else None
            context["searched"] = code
        return context
