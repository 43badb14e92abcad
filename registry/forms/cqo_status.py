"""The Article 14 look-up form: an enterprise by credit code."""

from __future__ import annotations

from django import forms

from ..validators import normalize_credit_code


class CqoStatusLookupForm(forms.Form):
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"])
