"""The applicant portal: everything an applicant sees, scoped to their organisations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from fundops import selectors
from fundops.forms import DocumentUploadForm, OrganisationForm
from fundops.security import uploads_limited
from fundops.services.documents import document_upload
from fundops.services.organisations import organisation_create, organisation_update


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list_for_user(user=request.user)  # type: ignore[arg-type]
    return render(request, "fundops/portal/home.html", {"organisations": organisations})


@require_http_methods(["GET", "POST"])
@login_required
@uploads_limited
def organisation(request: HttpRequest) -> HttpResponse:
    """The applicant's organisation profile: create it the first time, edit it after."""
    user = request.user
    current = selectors.organisation_list_for_user(user=user).first()  # type: ignore[arg-type]
    form = OrganisationForm(request.POST or None, instance=current)
    upload_form = DocumentUploadForm()
    if request.method == "POST" and "file" in request.FILES and current is not None:
        upload_form = DocumentUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            try:
                document_upload(
                    file=upload_form.cleaned_data["file"],
                    attach_to=current,
                    by=user,  # type: ignore[arg-type]
                    description=upload_form.cleaned_data["description"],
                )
                messages.success(request, "Document uploaded.")
                return redirect("portal:organisation")
            except ValidationError as exc:
                upload_form.add_error("file", exc)
        form = OrganisationForm(instance=current)
    elif request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if current is None:
            organisation_create(by=user, members=[user], **fields)  # type: ignore[arg-type]
            messages.success(request, "Your organisation has been registered.")
        else:
            organisation_update(organisation=current, by=user, **fields)  # type: ignore[arg-type]
            messages.success(request, "Your organisation’s details have been saved.")
        return redirect("portal:organisation")
    documents = current.documents.select_related("owner") if current else []
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "fundops/portal/organisation.html",
        {"form": form, "organisation": current, "upload_form": upload_form, "documents": documents},
        status=status,
    )
