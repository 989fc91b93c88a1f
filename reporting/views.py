"""Staff pages: the fund-manager dashboard and the board page (figures plus board packs)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from fundops.api.errors import DomainError
from fundops.security import exports_limited
from fundops.staff_views import StaffRequiredMixin
from reporting import pack_selectors, services
from reporting.forms import FundAsOfForm
from reporting.models import BoardPack

PACK_QUEUED = "Board pack #{pk} is being built: the bar below shows its progress."
PACK_KEPT = (
    "The data has not changed since board pack #{pk} was built for this fund and date: "
    "here is that pack."
)
PACK_IN_PROGRESS = "Board pack #{pk} for this fund and date is already being built."
PACK_RETRIED = "Board pack #{pk} has been queued again."
NO_FUND = "There is no fund yet: add one in the admin first."


class ReportingMixin(StaffRequiredMixin):
    """Staff whose role reads the reporting figures (reporting.permissions)."""

    def test_func(self) -> bool:
        return super().test_func() and self.request.user.has_perm("reporting.view_reporting")


def _choice(request: HttpRequest) -> FundAsOfForm:
    """The fund and date chosen in the query string, defaulting to the newest fund, today."""
    fund = pack_selectors.fund_default()
    initial = {"fund": fund.pk if fund else None, "as_of": timezone.localdate().isoformat()}
    data = {key: request.GET.get(key) or value for key, value in initial.items()}
    return FundAsOfForm(data, auto_id="filter_%s")


def _figures(form: FundAsOfForm) -> dict[str, Any] | None:
    if not form.is_valid():
        return None
    fund, as_of = form.cleaned_data["fund"], form.cleaned_data["as_of"]
    return pack_selectors.dashboard_data(fund_id=fund.pk, as_of=as_of)


class DashboardView(ReportingMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = _choice(request)
        figures = _figures(form)
        context = {"form": form, "figures": figures, "no_fund": NO_FUND}
        status = 200 if figures is not None or not form.data.get("fund") else 400
        return render(request, "reporting/dashboard.html", context, status=status)


class BoardView(ReportingMixin, View):
    def _render(
        self, request: HttpRequest, request_form: FundAsOfForm, status: int = 200
    ) -> HttpResponse:
        form = _choice(request)
        context = {
            "form": form,
            "request_form": request_form,
            "figures": _figures(form),
            "packs": pack_selectors.board_pack_list()[:50],
            "can_request": request.user.has_perm(services.REQUEST_PERMISSION),
            "no_fund": NO_FUND,
        }
        return render(request, "reporting/board.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, FundAsOfForm(initial=_choice(request).data))

    @method_decorator(exports_limited)
    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(services.REQUEST_PERMISSION):
            return self._render(request, FundAsOfForm(request.POST), status=403)
        form = FundAsOfForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        fund, as_of = form.cleaned_data["fund"], form.cleaned_data["as_of"]
        try:
            pack = services.board_pack_request(fund=fund, as_of=as_of, by=request.user)
        except DomainError as exc:
            form.add_error(None, exc.reason)
            return self._render(request, form, status=exc.status)
        if pack.status == BoardPack.Status.DONE:
            messages.success(request, PACK_KEPT.format(pk=pack.pk))
        elif pack.requested_by_id == request.user.pk and pack.attempts == 0:
            messages.success(request, PACK_QUEUED.format(pk=pack.pk))
        else:
            messages.info(request, PACK_IN_PROGRESS.format(pk=pack.pk))
        url = reverse("reporting:board")
        return redirect(f"{url}?fund={fund.pk}&as_of={as_of.isoformat()}#pack-{pack.pk}")


class PackStatusView(ReportingMixin, View):
    """The pack's status cell: htmx polls it every second while the pack is queued or
    running; the cell it returns for a done or failed pack no longer polls."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("reporting.view_boardpack"):
            raise Http404
        pack = pack_selectors.board_pack_get(pk=pk)
        context = {
            "pack": pack,
            "can_request": request.user.has_perm(services.REQUEST_PERMISSION),
        }
        return render(request, "reporting/_pack_status.html", context)


def pack_file_response(pack: BoardPack) -> FileResponse:
    """Always an attachment, with the Excel type and nosniff: never rendered inline."""
    if pack.status != BoardPack.Status.DONE or not pack.file:
        raise Http404("The board pack is not ready.")
    response = FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=pack.filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PackDownloadView(ReportingMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        if not request.user.has_perm("reporting.view_boardpack"):
            raise Http404
        return pack_file_response(pack_selectors.board_pack_get(pk=pk))


class PackRetryView(ReportingMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pack = pack_selectors.board_pack_get(pk=pk)
        try:
            pack = services.board_pack_retry(pack=pack, by=request.user)
        except DomainError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.reason) from exc
            messages.error(request, exc.reason)
        else:
            messages.success(request, PACK_RETRIED.format(pk=pack.pk))
        return redirect(f"{reverse('reporting:board')}#pack-{pack.pk}")
