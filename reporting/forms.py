from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from fundops.models import Fund

AS_OF_IN_FUTURE = "The as-of date cannot be in the future."


class FundAsOfForm(forms.Form):
    """A fund and an as-of date: the dashboard's filter and the board pack request."""

    fund = forms.ModelChoiceField(queryset=Fund.objects.all(), label="Fund", empty_label=None)
    as_of = forms.DateField(
        label="As of",
        help_text="Figures include cash flows and valuations up to the end of this day.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_as_of(self) -> date:
        as_of: date = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(AS_OF_IN_FUTURE)
        return as_of
