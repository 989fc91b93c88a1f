"""Forms of the applicant portal. They only shape input: the rules live in grants.services (the
word limit is checked here too, so a draft that breaks it is refused at once, with the same
message the service gives on submit)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from fundops.models import Organisation
from grants.models import Application, Call, CostCategory, MatchFunding
from grants.services.applications import ANSWER_TOO_LONG

# <input type="date"> only accepts ISO dates: in the en-GB format ("31/12/2026") a saved date
# would show empty, and saving the form again would wipe it.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
NOTE = forms.Textarea(attrs={"rows": 3})


def answer_field(key: str) -> str:
    return f"answer_{key}"


class ApplicationStartForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Applying organisation", queryset=Organisation.objects.none()
    )
    title = forms.CharField(label="Project title", max_length=200)
    barrier = forms.ChoiceField(label="Barrier the grant will unblock", choices=[])

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["barrier"].choices = Application.Barrier.choices


class ApplicationDetailsForm(forms.Form):
    """The "about the project" and "questions" sections: one save for both."""

    title = forms.CharField(label="Project title", max_length=200)
    barrier = forms.ChoiceField(label="Barrier the grant will unblock", required=False)
    summary = forms.CharField(label="Summary", required=False, widget=NOTE)
    amount_requested = forms.DecimalField(label="Grant requested (£)", required=False, **MONEY)
    project_start = forms.DateField(label="Project start", required=False, widget=DATE)
    project_end = forms.DateField(label="Project end", required=False, widget=DATE)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["barrier"].choices = [("", "Choose…"), *Application.Barrier.choices]
        self.questions = list(call.questions)
        for question in self.questions:
            self.fields[answer_field(question["key"])] = forms.CharField(
                label=question["label"],
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=f"Up to {question['words']} words.",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for question in self.questions:
            name = answer_field(question["key"])
            words = len(str(data.get(name) or "").split())
            if words > int(question["words"]):
                self.add_error(name, ANSWER_TOO_LONG.format(words=words, limit=question["words"]))
        start, end = data.get("project_start"), data.get("project_end")
        if start and end and end < start:
            self.add_error("project_end", "The project must end on or after its start.")
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "barrier": data["barrier"],
            "summary": data["summary"],
            "amount_requested": data["amount_requested"],
            "project_start": data["project_start"],
            "project_end": data["project_end"],
            "answers": {q["key"]: data[answer_field(q["key"])] for q in self.questions},
        }


class CostLineForm(forms.Form):
    item = forms.CharField(label="Item", max_length=200)
    category = forms.ChoiceField(label="Category", choices=CostCategory.choices)
    supplier = forms.CharField(label="Supplier", max_length=200, required=False)
    net_amount = forms.DecimalField(label="Net amount (£)", help_text="Excluding VAT.", **MONEY)
    quote = forms.FileField(label="Quote (optional)", required=False)


class QuoteForm(forms.Form):
    quote = forms.FileField(label="Quote", help_text="PDF or image of the supplier's quote.")


class MatchFundingForm(forms.Form):
    source = forms.CharField(label="Source", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=MatchFunding.Kind.choices)
    amount = forms.DecimalField(label="Amount (£)", **MONEY)
    secured = forms.BooleanField(label="Already secured", required=False)


class MFADeclarationForm(forms.Form):
    awarding_body = forms.CharField(label="Awarding body", max_length=200)
    received_on = forms.DateField(label="Date received", widget=DATE)
    amount = forms.DecimalField(label="Amount (£)", **MONEY)


class SubmitForm(forms.Form):
    declaration_accepted = forms.BooleanField(
        label="I confirm the information given is true and complete, and that all minimal "
        "financial assistance received in this and the two previous financial years is "
        "declared above.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", required=False, widget=NOTE)


class RespondForm(forms.Form):
    answer = forms.CharField(label="Your answer", widget=forms.Textarea(attrs={"rows": 6}))


class OfferAcceptForm(forms.Form):
    accept = forms.BooleanField(label="I accept the grant offer on its terms and conditions.")
    confirm_mfa = forms.BooleanField(
        label="I confirm in writing that this award will not take the minimal financial "
        "assistance we have received over £315,000 in this and the two previous financial "
        "years.",
        required=False,
    )


class MFAConfirmForm(forms.Form):
    confirm_mfa = forms.BooleanField(label=OfferAcceptForm.base_fields["confirm_mfa"].label)


class ClaimCreateForm(forms.Form):
    period_start = forms.DateField(label="Costs from", widget=DATE)
    period_end = forms.DateField(label="Costs to", widget=DATE)
    is_final = forms.BooleanField(label="This is my final claim", required=False)


class ClaimLineForm(forms.Form):
    cost_line = forms.ChoiceField(label="Approved cost line")
    amount_defrayed = forms.DecimalField(label="Amount paid out (£)", **MONEY)
    description = forms.CharField(label="Description", max_length=200, required=False)

    def __init__(self, *args: Any, cost_lines: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cost_line"].choices = [(c.pk, str(c.item)) for c in cost_lines]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Evidence", choices=[("invoice", "Invoice"), ("proof_of_payment", "Proof of payment")]
    )
    file = forms.FileField(label="File")


class OutcomeReportForm(forms.Form):
    jobs_created = forms.IntegerField(label="Jobs created", min_value=0)
    jobs_safeguarded = forms.IntegerField(label="Jobs safeguarded", min_value=0)
    prototype_built = forms.BooleanField(label="Prototype built", required=False)
    regulatory_submission = forms.BooleanField(label="Regulatory submission made", required=False)
    first_sale = forms.BooleanField(label="First sale made", required=False)
    new_to_market_product = forms.BooleanField(label="New-to-market product", required=False)
    follow_on_private = forms.DecimalField(
        label="Follow-on private funding raised (£)", max_digits=14, decimal_places=2, min_value=0
    )
    follow_on_public = forms.DecimalField(
        label="Follow-on public funding raised (£)", max_digits=14, decimal_places=2, min_value=0
    )
    narrative = forms.CharField(label="What happened", required=False, widget=NOTE)
