"""Staff pages for the shared core: a home per role, organisations and funds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import ListView

from fundops import selectors
from fundops.forms import DocumentUploadForm, TransitionForm
from fundops.models import Organisation
from fundops.roles import user_role_slugs
from fundops.security import uploads_limited
from fundops.services.documents import document_upload
from fundops.services.organisations import organisation_transition
from fundops.workflow import InvalidTransition, allowed_transitions, events_for


class StaffRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self) -> bool:
        return bool(self.request.user.is_staff)  # type: ignore[attr-defined]


class StaffHomeView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        roles = user_role_slugs(request.user)  # type: ignore[arg-type]
        context = {
            "roles": roles,
            "organisation_counts": {
                label: Organisation.objects.filter(status=value).count()
                for value, label in Organisation.Status.choices
            },
            "funds": selectors.fund_list(user=request.user),  # type: ignore[arg-type]
        }
        return render(request, "fundops/staff/home.html", context)


class OrganisationListView(StaffRequiredMixin, ListView):
    template_name = "fundops/staff/organisation_list.html"
    paginate_by = 50

    def get_queryset(self):  # type: ignore[no-untyped-def]
        organisations = selectors.organisation_list_for_user(user=self.request.user)
        query = self.request.GET.get("q", "").strip()
        if query:
            organisations = organisations.filter(name__icontains=query) | organisations.filter(
                company_number__icontains=query
            )
        status = self.request.GET.get("status")
        if status:
            organisations = organisations.filter(status=status)
        return organisations.order_by("name")

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["statuses"] = Organisation.Status.choices
        return context


class OrganisationDetailView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = selectors.organisation_get(user=request.user, pk=pk)  # type: ignore[arg-type]
        return render(
            request, "fundops/staff/organisation_detail.html", _detail_context(organisation)
        )

    @method_decorator(uploads_limited)
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = selectors.organisation_get(user=request.user, pk=pk)  # type: ignore[arg-type]
        if "file" in request.FILES:
            upload = DocumentUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                try:
                    document_upload(
                        file=upload.cleaned_data["file"],
                        attach_to=organisation,
                        by=request.user,  # type: ignore[arg-type]
                        description=upload.cleaned_data["description"],
                    )
                except ValidationError as exc:
                    upload.add_error("file", exc)
            if upload.errors:
                context = _detail_context(organisation, upload_form=upload)
                return render(
                    request, "fundops/staff/organisation_detail.html", context, status=400
                )
            messages.success(request, "Document uploaded.")
            return redirect("staff:organisation-detail", pk=pk)
        form = TransitionForm(request.POST)
        if form.is_valid():
            try:
                organisation_transition(
                    organisation=organisation,
                    to=form.cleaned_data["to"],
                    by=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "Status updated.")
            except InvalidTransition as exc:
                messages.error(request, exc.reason)
        return redirect("staff:organisation-detail", pk=pk)


def _detail_context(
    organisation: Organisation, upload_form: DocumentUploadForm | None = None
) -> dict[str, object]:
    return {
        "organisation": organisation,
        "members": organisation.members.all(),
        "events": events_for(organisation),
        "history": organisation.history.select_related("history_user").order_by("-history_date")[
            :50
        ],
        "documents": organisation.documents.select_related("owner"),
        "next_statuses": [
            (status, Organisation.Status(status).label)
            for status in sorted(allowed_transitions(organisation))
        ],
        "upload_form": upload_form or DocumentUploadForm(),
    }


class FundListView(StaffRequiredMixin, ListView):
    template_name = "fundops/staff/fund_list.html"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.fund_list(user=self.request.user)
