"""Portfolio API: staff-only except monitoring returns (applicants see their own, 404
otherwise). The ledger is read, appended and reversed here, never updated or deleted."""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fundops.api.errors import DomainError
from fundops.api.views import IsStaff
from portfolio import selectors
from portfolio.api import serializers as s
from portfolio.models import CoInvestor, Investment, LedgerEntry, MonitoringReturn, Round, Valuation
from portfolio.services._common import NOT_ALLOWED
from portfolio.services.cln import cln_convert
from portfolio.services.exits import exit_record, investment_write_off
from portfolio.services.ledger import ledger_entry_create, ledger_entry_reverse
from portfolio.services.monitoring import monitoring_return_submit
from portfolio.services.valuations import valuation_record

RETURN_KEEPERS = "portfolio.change_monitoringreturn"


class CanView(IsStaff):
    """Staff whose role may read this kind of record (portfolio.permissions: an assessor
    reads monitoring returns only, not investments, rounds, the ledger or valuations)."""

    def has_permission(self, request: Request, view: object) -> bool:
        meta = view.queryset.model._meta  # type: ignore[attr-defined]
        return super().has_permission(request, view) and request.user.has_perm(
            f"{meta.app_label}.view_{meta.model_name}"
        )


class InvestmentListApi(generics.ListAPIView):
    queryset = Investment.objects.none()
    permission_classes = [CanView]
    serializer_class = s.InvestmentOutput
    filterset_fields = ["fund", "instrument", "status", "organisation", "is_follow_on"]
    ordering_fields = ["invested_on", "amount"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.investment_list()


class InvestmentDetailApi(generics.RetrieveAPIView):
    queryset = Investment.objects.none()
    permission_classes = [CanView]
    serializer_class = s.InvestmentOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.investment_list()


NOT_A_LOAN = "Investment {pk} is not a loan, so it has no repayment schedule."


class InvestmentLoanScheduleApi(APIView):
    """The loan's monthly repayment schedule (numpy-financial pmt/ipmt/ppmt, to the penny)."""

    queryset = Investment.objects.none()
    permission_classes = [CanView]

    @extend_schema(responses=s.LoanScheduleOutput)
    def get(self, request: Request, pk: int) -> Response:
        investment = selectors.investment_get(pk=pk)
        rows = selectors.loan_schedule_for(investment=investment)
        if rows is None:
            raise NotFound(NOT_A_LOAN.format(pk=pk))
        body = {
            "investment": investment.pk,
            "principal": investment.amount,
            "annual_rate": investment.interest_rate,
            "term_months": investment.term_months,
            "total_payments": sum((row.payment for row in rows), Decimal("0")),
            "total_interest": sum((row.interest for row in rows), Decimal("0")),
            "rows": rows,
        }
        return Response(s.LoanScheduleOutput(body).data)


class InvestmentExitApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=s.ExitInput, responses={201: s.InvestmentOutput})
    def post(self, request: Request, pk: int) -> Response:
        data = s.ExitInput(data=request.data)
        data.is_valid(raise_exception=True)
        investment = selectors.investment_get(pk=pk)
        exit_record(investment=investment, by=request.user, **data.validated_data)
        return Response(
            s.InvestmentOutput(selectors.investment_get(pk=pk)).data, status=status.HTTP_201_CREATED
        )


class InvestmentWriteOffApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=s.WriteOffInput, responses={201: s.InvestmentOutput})
    def post(self, request: Request, pk: int) -> Response:
        data = s.WriteOffInput(data=request.data)
        data.is_valid(raise_exception=True)
        investment = selectors.investment_get(pk=pk)
        investment_write_off(investment=investment, by=request.user, **data.validated_data)
        return Response(
            s.InvestmentOutput(selectors.investment_get(pk=pk)).data, status=status.HTTP_201_CREATED
        )


class InvestmentConvertApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=s.ConvertInput, responses={201: s.InvestmentOutput})
    def post(self, request: Request, pk: int) -> Response:
        data = s.ConvertInput(data=request.data)
        data.is_valid(raise_exception=True)
        note = selectors.investment_get(pk=pk)
        round = get_object_or_404(Round, pk=data.validated_data["round"])
        equity = cln_convert(note=note, round=round, by=request.user)
        return Response(
            s.InvestmentOutput(selectors.investment_get(pk=equity.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class RoundListApi(generics.ListAPIView):
    queryset = Round.objects.none()
    permission_classes = [CanView]
    serializer_class = s.RoundOutput
    filterset_fields = ["organisation"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Round.objects.prefetch_related("participations__co_investor").order_by("date", "pk")


class RoundDetailApi(generics.RetrieveAPIView):
    queryset = Round.objects.none()
    permission_classes = [CanView]
    serializer_class = s.RoundOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Round.objects.prefetch_related("participations__co_investor")


class CoInvestorListApi(generics.ListAPIView):
    queryset = CoInvestor.objects.none()
    permission_classes = [CanView]
    serializer_class = s.CoInvestorOutput
    filterset_fields = ["kind", "source"]
    search_fields = ["name"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return CoInvestor.objects.prefetch_related("participations__co_investor")


class CoInvestorDetailApi(generics.RetrieveAPIView):
    queryset = CoInvestor.objects.none()
    permission_classes = [CanView]
    serializer_class = s.CoInvestorOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return CoInvestor.objects.prefetch_related("participations__co_investor")


def _ledger():  # type: ignore[no-untyped-def]
    return LedgerEntry.objects.select_related("reversed_by").order_by("date", "pk")


class LedgerListApi(generics.ListAPIView):
    queryset = LedgerEntry.objects.none()
    permission_classes = [CanView]
    serializer_class = s.LedgerEntryOutput
    filterset_fields = ["investment", "kind"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return _ledger()

    @extend_schema(request=s.LedgerEntryInput, responses={201: s.LedgerEntryOutput})
    def post(self, request: Request) -> Response:
        data = s.LedgerEntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        investment = selectors.investment_get(pk=values.pop("investment"))
        entry = ledger_entry_create(investment=investment, by=request.user, **values)
        return Response(s.LedgerEntryOutput(entry).data, status=status.HTTP_201_CREATED)


class LedgerDetailApi(generics.RetrieveAPIView):
    queryset = LedgerEntry.objects.none()
    permission_classes = [CanView]
    serializer_class = s.LedgerEntryOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return _ledger()


class LedgerReverseApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=s.ReverseInput, responses={201: s.ReverseOutput})
    def post(self, request: Request, pk: int) -> Response:
        data = s.ReverseInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = get_object_or_404(LedgerEntry, pk=pk)
        reversal, correction = ledger_entry_reverse(
            entry=entry, by=request.user, **data.validated_data
        )
        body = s.ReverseOutput({"reversal": reversal, "correction": correction}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ValuationListApi(generics.ListAPIView):
    queryset = Valuation.objects.none()
    permission_classes = [CanView]
    serializer_class = s.ValuationOutput
    filterset_fields = ["investment", "method"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Valuation.objects.order_by("investment_id", "-valued_on", "-pk")

    @extend_schema(request=s.ValuationInput, responses={201: s.ValuationOutput})
    def post(self, request: Request) -> Response:
        data = s.ValuationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        investment = selectors.investment_get(pk=values.pop("investment"))
        valuation = valuation_record(investment=investment, by=request.user, **values)
        return Response(s.ValuationOutput(valuation).data, status=status.HTTP_201_CREATED)


class ValuationDetailApi(generics.RetrieveAPIView):
    queryset = Valuation.objects.none()
    permission_classes = [CanView]
    serializer_class = s.ValuationOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Valuation.objects.all()


class MonitoringReturnListApi(generics.ListAPIView):
    queryset = MonitoringReturn.objects.none()
    serializer_class = s.MonitoringReturnOutput
    filterset_fields = ["organisation", "status", "period"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.monitoring_return_list_for_user(user=self.request.user)


class MonitoringReturnDetailApi(generics.RetrieveAPIView):
    queryset = MonitoringReturn.objects.none()
    serializer_class = s.MonitoringReturnOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.monitoring_return_list_for_user(user=self.request.user)


class MonitoringReturnSubmitApi(APIView):
    @extend_schema(request=s.MonitoringReturnSubmitInput, responses=s.MonitoringReturnOutput)
    def post(self, request: Request, pk: int) -> Response:
        item = selectors.monitoring_return_get(user=request.user, pk=pk)
        # Staff submit a company's figures only if their role keeps returns.
        if request.user.is_staff and not request.user.has_perm(RETURN_KEEPERS):
            raise DomainError(NOT_ALLOWED, code="forbidden", status=403)
        data = s.MonitoringReturnSubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = monitoring_return_submit(
            monitoring_return=item, by=request.user, **data.validated_data
        )
        return Response(s.MonitoringReturnOutput(item).data)
