from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.forms import formset_factory

from fundops.models import Fund
from portfolio.models import CoInvestor, Investment, LedgerEntry, MonitoringReturn, Valuation
from portfolio.services.monitoring import RETURN_FIELDS

# <input type="date"> only reads ISO dates: anything else shows empty and a re-save wipes it.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 14, "decimal_places": 2}
CO_INVESTOR_INCOMPLETE = "Give the co-investor's name, kind and amount."


class InvestmentForm(forms.Form):
    """An initial or follow-on investment into a new round (staff)."""

    fund = forms.ModelChoiceField(queryset=Fund.objects.all())
    round_name = forms.CharField(max_length=100, help_text="e.g. Seed, Series A.")
    round_date = forms.DateField(widget=DATE)
    round_size = forms.DecimalField(label="Total round size (GBP)", min_value=0, **MONEY)
    pre_money_valuation = forms.DecimalField(
        label="Pre-money valuation (GBP)", required=False, min_value=0, **MONEY
    )
    instrument = forms.ChoiceField(choices=Investment.Instrument.choices)
    amount = forms.DecimalField(label="Fund's amount (GBP)", min_value=0, **MONEY)
    date = forms.DateField(label="Date the money goes out", widget=DATE)
    reference = forms.CharField(max_length=40, required=False)
    share_class = forms.CharField(max_length=50, required=False)
    shares = forms.IntegerField(required=False, min_value=1)
    price_per_share = forms.DecimalField(
        required=False, max_digits=20, decimal_places=6, min_value=0
    )
    interest_rate = forms.DecimalField(
        required=False, max_digits=7, decimal_places=4, help_text="A fraction: 0.08 is 8 %."
    )
    discount = forms.DecimalField(required=False, max_digits=7, decimal_places=4)
    cap = forms.DecimalField(label="Valuation cap (GBP)", required=False, **MONEY)
    maturity = forms.DateField(required=False, widget=DATE)
    term_months = forms.IntegerField(required=False, min_value=1)


class CoInvestorForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Co-investor")
    kind = forms.ChoiceField(choices=[("", "—"), *CoInvestor.Kind.choices], required=False)
    source = forms.ChoiceField(choices=CoInvestor.Source.choices, initial="private")
    amount = forms.DecimalField(required=False, min_value=0, **MONEY)
    same_terms = forms.BooleanField(required=False, initial=True, label="Same terms")

    def clean(self) -> dict[str, object]:
        """A named co-investor needs an amount, and a kind unless already in the register."""
        data = super().clean() or {}
        name = data.get("name")
        known = bool(name) and CoInvestor.objects.filter(name__iexact=name).exists()
        if name and (not data.get("amount") or not (data.get("kind") or known)):
            raise forms.ValidationError(CO_INVESTOR_INCOMPLETE)
        return data


CoInvestorFormSet = formset_factory(CoInvestorForm, extra=3)


class CashFlowForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[c for c in LedgerEntry.Kind.choices if c[0] not in ("write_off", "investment")]
    )
    date = forms.DateField(widget=DATE)
    amount = forms.DecimalField(
        label="Amount (GBP)",
        min_value=Decimal("0.01"),
        help_text="Type the amount; the sign follows the kind (out of the fund negative).",
        **MONEY,
    )
    note = forms.CharField(max_length=255, required=False)


class ReverseForm(forms.Form):
    reason = forms.CharField(max_length=200)
    corrected_amount = forms.DecimalField(
        label="Corrected amount (GBP, optional)",
        required=False,
        min_value=Decimal("0.01"),
        help_text="If given, a corrected entry of the same kind is recorded.",
        **MONEY,
    )
    corrected_date = forms.DateField(required=False, widget=DATE)


class ValuationForm(forms.Form):
    valued_on = forms.DateField(widget=DATE, initial=date.today)
    fair_value = forms.DecimalField(label="Fair value (GBP)", min_value=0, **MONEY)
    method = forms.ChoiceField(label="IPEV method", choices=Valuation.Method.choices)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExitForm(forms.Form):
    KIND_CHOICES = [("exit", "Realisation (sale)"), ("write_off", "Write-off to zero")]
    kind = forms.ChoiceField(choices=KIND_CHOICES)
    date = forms.DateField(widget=DATE)
    proceeds = forms.DecimalField(label="Proceeds (GBP)", required=False, min_value=0, **MONEY)
    shares_sold = forms.IntegerField(required=False, min_value=1)
    fraction = forms.DecimalField(
        label="Or fraction sold",
        required=False,
        max_digits=9,
        decimal_places=8,
        help_text="1 sells everything left.",
    )
    note = forms.CharField(label="Note or reason", max_length=500)


class MonitoringReturnForm(forms.ModelForm):
    class Meta:
        model = MonitoringReturn
        fields = list(RETURN_FIELDS)
        widgets = {"regulatory_milestones": forms.Textarea(attrs={"rows": 3})}


class StaffReturnForm(MonitoringReturnForm):
    period = forms.ChoiceField(choices=MonitoringReturn.Period.choices)
    period_end = forms.DateField(widget=DATE)

    class Meta(MonitoringReturnForm.Meta):
        fields = ["period", "period_end", *RETURN_FIELDS]


class ImportForm(forms.Form):
    file = forms.FileField(label="Workbook (.xlsx)")
