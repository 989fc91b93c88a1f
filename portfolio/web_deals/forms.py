"""Forms of the deal pages: plain input checks only; the rules live in the services."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q, QuerySet
from django.utils import timezone

from fundops.models import Fund, Organisation, User
from portfolio.models import DDItem, Deal, DealCoInvestor, ICDecision, ICVote, Investment
from portfolio.selectors_deals import stage_target_days
from portfolio.services.deals import DOCUMENT_KINDS, DRAFT_FIELDS

# <input type="date"> reads only ISO dates: any other format shows empty and a re-save wipes it.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


MOVE_TARGETS = [
    (value, label)
    for value, label in Deal.Status.choices
    if value not in (Deal.Status.DRAFT, Deal.Status.INVESTED)
]


def staff_users() -> QuerySet[User]:
    return User.objects.filter(is_staff=True, is_active=True).order_by("full_name", "email")


class MoveForm(forms.Form):
    """The board card's "Move to" control (the same form drag-and-drop submits)."""

    to = forms.ChoiceField(label="Move to", choices=MOVE_TARGETS)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        help_text="Needed to decline or withdraw; recorded with the move.",
    )


class DealTermsForm(forms.Form):
    """What the applicant asks for (the fields the services let a draft change)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Deal, fields=DRAFT_FIELDS))
        for name in ("amount_sought", "round_size", "pre_money_valuation"):
            self.fields[name].validators.append(MinValueValidator(Decimal("0.01")))
            self.fields[name].widget.attrs["min"] = "0.01"
        for name in DRAFT_FIELDS:
            self.fields[name].required = False
        self.fields["deal_type"].required = True

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DRAFT_FIELDS}


def terms_initial(deal: Deal) -> dict[str, Any]:
    return {name: getattr(deal, name) for name in DRAFT_FIELDS}


class CoInvestorForm(forms.Form):
    name = forms.CharField(label="Investor", max_length=200)
    amount = forms.DecimalField(
        label="Amount committed (GBP)", max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    same_terms = forms.BooleanField(label="On the same terms as the fund", required=False)
    is_lead = forms.BooleanField(label="Lead investor", required=False)
    is_private = forms.BooleanField(
        label="Private money", required=False, help_text="Only private money counts for the rules."
    )


def co_investor_initial(row: DealCoInvestor) -> dict[str, Any]:
    return {
        name: getattr(row, name)
        for name in ("name", "amount", "same_terms", "is_lead", "is_private")
    }


class DealDocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Document", choices=list(DOCUMENT_KINDS.items()))
    file = forms.FileField(
        label="File", help_text="PDF, Word, Excel, PowerPoint, PNG, JPEG, CSV or text; up to 10 MB."
    )


class FileForm(forms.Form):
    file = forms.FileField(
        label="File", help_text="PDF, Word, Excel, PowerPoint, PNG, JPEG, CSV or text; up to 10 MB."
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="Question for the applicant", widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Your answer", widget=forms.Textarea(attrs={"rows": 4}))


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()  # type: ignore[attr-defined]


class DDItemForm(forms.Form):
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label="Due", required=False, widget=DATE)
    status = forms.ChoiceField(label="Status", choices=DDItem.Status.choices)
    rag = forms.ChoiceField(
        label="Risk rating", choices=[("", "Not rated"), *DDItem.Rag.choices], required=False
    )
    findings = forms.CharField(
        label="Findings", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    waived_reason = forms.CharField(
        label="Reason for waiving",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the status is Waived.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()  # type: ignore[attr-defined]


def dd_item_initial(item: DDItem) -> dict[str, Any]:
    return {
        "owner": item.owner_id,
        "due_date": item.due_date,
        "status": item.status,
        "rag": item.rag,
        "findings": item.findings,
        "waived_reason": item.waived_reason,
    }


class ConflictForm(forms.Form):
    conflicted = forms.TypedChoiceField(
        label="Do you have a conflict of interest on this deal?",
        choices=[("no", "No conflict"), ("yes", "Yes, I am conflicted")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Note", required=False, max_length=2000)


class VoteForm(forms.Form):
    vote = forms.ChoiceField(
        label="Your vote", choices=ICVote.Choice.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision", choices=ICDecision.Outcome.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label="Conditions of approval",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line; each must be ticked off before completion.",
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def condition_lines(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["conditions"].splitlines() if line.strip()
        ]


class ConditionMeetForm(forms.Form):
    note = forms.CharField(label="How it was met", required=False, max_length=2000)


class CompletionForm(forms.Form):
    """The completion: date, the instrument's terms and each co-investor's actual amount
    (fields ``actual_<pk>``, one per co-investor on the deal)."""

    completed_on = forms.DateField(label="Completion date", widget=DATE)
    round_name = forms.CharField(label="Round name", required=False, max_length=100)
    instrument = forms.ChoiceField(label="Instrument", choices=Investment.Instrument.choices)
    share_class = forms.CharField(label="Share class", required=False, max_length=50)
    shares = forms.IntegerField(label="Shares (equity)", required=False, min_value=1)
    price_per_share = forms.DecimalField(
        label="Price per share (GBP, equity)", required=False, max_digits=18, decimal_places=6
    )
    interest_rate = forms.DecimalField(
        label="Interest rate (note or loan, 0.08 for 8 %)",
        required=False,
        max_digits=7,
        decimal_places=4,
    )
    discount = forms.DecimalField(
        label="Discount (note, 0.20 for 20 %)", required=False, max_digits=7, decimal_places=4
    )
    cap = forms.DecimalField(
        label="Valuation cap (GBP, note)", required=False, max_digits=14, decimal_places=2
    )
    maturity = forms.DateField(label="Maturity (note)", required=False, widget=DATE)
    term_months = forms.IntegerField(label="Term in months (loan)", required=False, min_value=1)

    TERMS = (
        "instrument",
        "share_class",
        "shares",
        "price_per_share",
        "interest_rate",
        "discount",
        "cap",
        "maturity",
        "term_months",
    )

    def __init__(self, *args: Any, co_investors: list[DealCoInvestor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.co_investors = co_investors
        for row in co_investors:
            self.fields[f"actual_{row.pk}"] = forms.DecimalField(
                label=f"{row.name}: amount invested (GBP)",
                max_digits=14,
                decimal_places=2,
                min_value=Decimal("0.00"),
                initial=row.amount,
                help_text=f"Committed £{row.amount:,.2f}; 0 if they pulled out.",
            )

    def actual_amounts(self) -> dict[int, Decimal]:
        return {row.pk: self.cleaned_data[f"actual_{row.pk}"] for row in self.co_investors}

    def terms(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.TERMS}


class StartForm(forms.Form):
    organisation = forms.ModelChoiceField(label="Company", queryset=Organisation.objects.none())
    fund = forms.ModelChoiceField(label="Fund", queryset=Fund.objects.order_by("name"))

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


def _overdue_q(now: datetime) -> Q:
    """Open deals in a stage longer than its target: the same test as
    selectors_deals.is_overdue (whole days in stage > target), as one query."""
    query = Q(pk__in=[])
    for stage in Deal.OPEN_STATES:
        target = stage_target_days(stage)
        if target is not None:
            cutoff = now - timedelta(days=target + 1)
            query |= Q(status=stage, stage_entered_at__lte=cutoff)
    return query


class DealFilter(django_filters.FilterSet):
    """The deal list's filters (the queryset is already scoped by deal_list_for_user)."""

    status = django_filters.ChoiceFilter(label="Stage", choices=Deal.Status.choices)
    fund = django_filters.ModelChoiceFilter(label="Fund", queryset=Fund.objects.order_by("name"))
    owner = django_filters.ModelChoiceFilter(label="Owner", queryset=staff_users())
    instrument = django_filters.ChoiceFilter(
        label="Instrument", choices=Investment.Instrument.choices
    )
    overdue = django_filters.BooleanFilter(label="Over the stage's target", method="filter_overdue")
    q = django_filters.CharFilter(
        label="Company", field_name="organisation__name", lookup_expr="icontains"
    )

    class Meta:
        model = Deal
        fields = ["status", "fund", "owner", "instrument", "overdue", "q"]

    def filter_overdue(self, queryset: QuerySet[Deal], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        condition = _overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)
