from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portfolio.models.fields import money, price, rate


class Round(models.Model):
    """A company's funding round: the fund's and co-investors' money go in on its date."""

    # Organisations are cascaded, not protected: the core's own demo tests delete them; the
    # ledger's guards stop deletes of single entries, and issue 7 adds database triggers.
    organisation = models.ForeignKey(
        "fundops.Organisation", on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(max_length=100, help_text="e.g. Seed, Series A, Bridge.")
    date = models.DateField()
    total_size = money("total round size (GBP)")
    pre_money_valuation = money("pre-money valuation (GBP)", null=True, blank=True)
    price_per_share = price("price per share (GBP)", null=True, blank=True)
    pre_money_shares = models.PositiveBigIntegerField(
        "pre-money fully diluted shares",
        null=True,
        blank=True,
        help_text="Used for a convertible note's cap price (cap ÷ these shares).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(total_size__gt=0), name="round_size_positive"),
            models.CheckConstraint(
                condition=Q(pre_money_valuation__isnull=True) | Q(pre_money_valuation__gt=0),
                name="round_pre_money_positive",
            ),
            models.CheckConstraint(
                condition=Q(price_per_share__isnull=True) | Q(price_per_share__gt=0),
                name="round_price_positive",
            ),
            models.UniqueConstraint(
                fields=["organisation", "name", "date"], name="round_unique_per_company"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d %b %Y})"


class Investment(models.Model):
    """The fund's holding from one round: equity, a convertible loan note or a loan.

    ``amount`` is the cost: the cash the fund paid (equity: shares × price to the penny; a
    note or loan: its principal). Instrument terms live on the same row, checked per
    instrument by constraints, so one query reads a whole portfolio.
    """

    class Instrument(models.TextChoices):
        EQUITY = "equity", "Equity"
        CLN = "cln", "Convertible loan note"
        LOAN = "loan", "Loan"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PARTIALLY_REALISED = "partially_realised", "Partially realised"
        REALISED = "realised", "Realised"
        WRITTEN_OFF = "written_off", "Written off"
        CONVERTED = "converted", "Converted to equity"

    TRANSITIONS = {
        Status.ACTIVE: {
            Status.PARTIALLY_REALISED,
            Status.REALISED,
            Status.WRITTEN_OFF,
            Status.CONVERTED,
        },
        Status.PARTIALLY_REALISED: {Status.REALISED, Status.WRITTEN_OFF},
    }
    TRANSITION_PERMISSIONS = {
        Status.PARTIALLY_REALISED: "portfolio.record_exit",
        Status.REALISED: "portfolio.record_exit",
        Status.WRITTEN_OFF: "portfolio.record_exit",
        Status.CONVERTED: "portfolio.add_investment",
    }

    organisation = models.ForeignKey(
        "fundops.Organisation", on_delete=models.PROTECT, related_name="investments"
    )
    fund = models.ForeignKey("fundops.Fund", on_delete=models.PROTECT, related_name="investments")
    # RESTRICT: a round with the fund's money cannot be deleted on its own, only together
    # with its company (whose deletion cascades; see Round.organisation).
    round = models.ForeignKey(Round, on_delete=models.RESTRICT, related_name="investments")
    reference = models.CharField(
        max_length=40, blank=True, help_text="The fund's own reference, unique within the fund."
    )
    instrument = models.CharField(max_length=10, choices=Instrument.choices)
    is_follow_on = models.BooleanField("follow-on", default=False)
    amount = money("cost (GBP)")
    invested_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # Equity
    share_class = models.CharField(max_length=50, blank=True)
    shares = models.PositiveBigIntegerField(null=True, blank=True)
    price_per_share = price("price per share (GBP)", null=True, blank=True)
    # Convertible loan note and loan
    interest_rate = rate("annual interest rate", null=True, blank=True)
    discount = rate("conversion discount", null=True, blank=True)
    cap = money("valuation cap (GBP)", null=True, blank=True)
    maturity = models.DateField(null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    converted_from = models.OneToOneField(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="converted_into",
        help_text="The convertible note this equity came from.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "invested_on", "pk"]
        permissions = [
            ("record_exit", "Can record an exit or a write-off"),
            ("import_portfolio", "Can import the portfolio from a workbook"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="investment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(instrument="equity") | (Q(shares__gt=0) & Q(price_per_share__gt=0)),
                name="investment_equity_terms",
            ),
            models.CheckConstraint(
                condition=~Q(instrument="cln")
                | (Q(interest_rate__gte=0) & Q(maturity__isnull=False)),
                name="investment_cln_terms",
            ),
            models.CheckConstraint(
                condition=~Q(instrument="loan") | (Q(interest_rate__gte=0) & Q(term_months__gt=0)),
                name="investment_loan_terms",
            ),
            models.CheckConstraint(
                condition=Q(discount__isnull=True) | (Q(discount__gte=0) & Q(discount__lt=1)),
                name="investment_discount_fraction",
            ),
            models.UniqueConstraint(
                fields=["fund", "reference"],
                condition=~Q(reference=""),
                name="investment_reference_unique_in_fund",
            ),
        ]

    def __str__(self) -> str:
        label = self.reference or f"#{self.pk}"
        return f"{label} {self.get_instrument_display()} in {self.organisation.name}"


class Exit(models.Model):
    """A realisation (part or all of the holding) or a write-off, with its realised result.

    ``cost_of_part_sold`` is the remaining cost × the fraction of the remaining holding sold;
    ``realised_gain`` = proceeds − that cost (negative for a loss, −cost for a write-off).
    """

    class Kind(models.TextChoices):
        PARTIAL = "partial", "Partial realisation"
        FULL = "full", "Full realisation"
        WRITE_OFF = "write_off", "Write-off"

    investment = models.ForeignKey(Investment, on_delete=models.PROTECT, related_name="exits")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    date = models.DateField()
    proceeds = money("proceeds (GBP)")
    shares_sold = models.PositiveBigIntegerField(null=True, blank=True)
    fraction = models.DecimalField(
        "fraction of the remaining holding", max_digits=9, decimal_places=8
    )
    cost_of_part_sold = money("cost of the part sold (GBP)")
    realised_gain = money("realised gain or loss (GBP)")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["investment", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(proceeds__gte=0), name="exit_proceeds_not_negative"),
            models.CheckConstraint(
                condition=Q(fraction__gt=0) & Q(fraction__lte=1), name="exit_fraction_range"
            ),
            models.CheckConstraint(
                condition=~Q(kind="write_off") | Q(proceeds=0), name="exit_write_off_no_proceeds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"
