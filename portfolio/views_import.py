"""The staff import page and the template download."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View

from fundops.security import exports_limited, uploads_limited
from portfolio.forms import ImportForm
from portfolio.services.import_template import template_workbook
from portfolio.services.importer import ImportRefused, portfolio_import
from portfolio.views import PortfolioStaffMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_TOO_LARGE = "The workbook is larger than {mb} MB."
IMPORT_NOT_ALLOWED = "Your role cannot import the portfolio."


class ImportView(PortfolioStaffMixin, View):
    template = "portfolio/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, {"form": ImportForm()})

    @method_decorator(uploads_limited)
    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        problems: list[object] = []
        if not request.user.has_perm("portfolio.import_portfolio"):
            form.add_error(None, IMPORT_NOT_ALLOWED)
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.PORTFOLIO_IMPORT_MAX_BYTES:
                limit = settings.PORTFOLIO_IMPORT_MAX_BYTES // 1_048_576
                form.add_error("file", IMPORT_TOO_LARGE.format(mb=limit))
            else:
                try:
                    result = portfolio_import(file=upload, by=request.user)  # type: ignore[arg-type]
                except ImportRefused as refused:
                    problems = list(refused.problems)
                    form.add_error(None, str(refused))
                else:
                    messages.success(request, str(result))
                    return redirect("portfolio:list")
        return render(request, self.template, {"form": form, "problems": problems}, status=400)


class ImportTemplateView(PortfolioStaffMixin, View):
    @method_decorator(exports_limited)
    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="portfolio-import-template.xlsx"'
        return response
