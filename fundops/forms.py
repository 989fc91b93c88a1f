from __future__ import annotations

from django import forms

from fundops.models import Organisation, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
        labels = {"full_name": "Full name"}


class OrganisationForm(forms.ModelForm):
    # Generous lengths: the model normalises "sc 123 456" or "b29 6bd" before it validates.
    company_number = forms.CharField(label="Companies House number", max_length=12)
    registered_postcode = forms.CharField(label="Registered postcode", max_length=10)
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "company_number",
            "registered_postcode",
            "headcount",
            "turnover",
            "balance_sheet_total",
            "sector",
            "sub_sector",
            "website",
        ]
        help_texts = {
            "company_number": "8 characters, e.g. 01234567 or SC123456.",
            "registered_postcode": "The postcode of the registered office.",
        }


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label="File", help_text="PDF, Word, Excel, PowerPoint, PNG, JPEG, CSV or text; up to 10 MB."
    )
    description = forms.CharField(label="Description", required=False, max_length=255)
