"""Forms of the staff pages: queue filters, assessment, panel, claims and payments. They
only shape input: the rules live in grants.services."""

from __future__ import annotations

from typing import Any

from django import forms

from fundops.models import User
from fundops.roles import ASSESSOR
from grants.models import Application, Call, Clawback
from grants.web.forms import MONEY, NOTE


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, help_text="Title, company or G-00042.")
    status = forms.ChoiceField(label="State", required=False)
    call = forms.ModelChoiceField(label="Call", queryset=Call.objects.all(), required=False)
    moderation = forms.ChoiceField(
        label="Moderation",
        required=False,
        choices=[("", "Any"), ("yes", "Needs moderation"), ("no", "No moderation")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any"), *Application.Status.choices]


class AssignForm(forms.Form):
    assessor = forms.ModelChoiceField(label="Assessor", queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = User.objects.filter(
            is_active=True, is_staff=True, groups__name=ASSESSOR.name
        ).order_by("email")


class InfoRequestForm(forms.Form):
    question = forms.CharField(label="What do you need to know?", widget=NOTE)


class StartAssessmentForm(forms.Form):
    override_reason = forms.CharField(
        label="Reason to assess despite failed eligibility",
        required=False,
        widget=NOTE,
        help_text="Only needed when an eligibility rule failed.",
    )


class PanelForm(forms.Form):
    moderation_note = forms.CharField(
        label="Moderation outcome",
        required=False,
        widget=NOTE,
        help_text="Needed when assessors' totals differ by more than the call's spread.",
    )


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label="Award (£)", required=False, **MONEY)
    note = forms.CharField(
        label="Decision note (the applicant sees it)", required=False, widget=NOTE
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label="Reason (the applicant sees it)", widget=NOTE)


class DeclareForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this applicant?",
        choices=[("no", "No conflict of interest"), ("yes", "Yes, I have a conflict")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Details (if any)", required=False, widget=NOTE)


class LineCheckForm(forms.Form):
    approved = forms.TypedChoiceField(
        label="Decision",
        choices=[("yes", "Approve line"), ("no", "Reject line")],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(label="Note", required=False, max_length=500)


class ClaimDecisionForm(forms.Form):
    note = forms.CharField(label="Note", required=False, widget=NOTE)


class ReleaseForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)


class ClawbackForm(forms.Form):
    amount = forms.DecimalField(label="Amount to repay (£)", **MONEY)
    reason = forms.CharField(label="Reason", widget=NOTE)


class ClawbackResolveForm(forms.Form):
    to = forms.ChoiceField(
        label="Outcome",
        choices=[(Clawback.Status.REPAID, "Repaid"), (Clawback.Status.WRITTEN_OFF, "Written off")],
    )
    note = forms.CharField(label="Note", required=False, max_length=500)


class ScoreForm(forms.Form):
    """One score (0–5) and comment per criterion of the call."""

    def __init__(self, *args: Any, criteria: list, scores: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            given = scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (weight {criterion.weight}): score",
                choices=[("", "Choose…")] + [(n, str(n)) for n in range(6)],
                coerce=int,
                help_text=criterion.guidance,
                initial=given.score if given else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.name}: comment",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=given.comment if given else "",
            )

    def service_scores(self) -> list[dict[str, object]]:
        return [
            {
                "criterion": c.pk,
                "score": self.cleaned_data[f"score_{c.pk}"],
                "comment": self.cleaned_data[f"comment_{c.pk}"],
            }
            for c in self.criteria
        ]
