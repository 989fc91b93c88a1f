from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portfolio.models.fields import money

LEDGER_IMMUTABLE = (
    "Ledger entries are never changed or deleted: record a reversal and a corrected entry."
)


class LedgerImmutableError(Exception):
    pass


class LedgerEntryQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """Bulk ``update()`` and ``delete()`` are refused too, not only ``save()`` of a row."""

    def update(self, **kwargs: Any) -> int:
        raise LedgerImmutableError(LEDGER_IMMUTABLE)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerImmutableError(LEDGER_IMMUTABLE)


class LedgerEntry(models.Model):
    """One movement of money between the fund and a portfolio company. Append-only.

    Sign convention (seen from the fund): money out of the fund is negative (investment,
    follow-on, fee), money back is positive (interest received, dividend, loan repayment,
    exit proceeds). A write-off moves no cash: it is an entry of kind WRITE_OFF with amount
    0.00, so the cash-flow timeline shows it, and the fair value drops to 0 through a
    write-down valuation. A reversal (``reverses`` set) carries the opposite sign of the
    entry it reverses; a corrected entry points back with ``corrects``.
    """

    class Kind(models.TextChoices):
        INVESTMENT = "investment", "Investment"
        FOLLOW_ON = "follow_on", "Follow-on investment"
        FEE = "fee", "Fee paid"
        INTEREST = "interest", "Interest received"
        DIVIDEND = "dividend", "Dividend"
        LOAN_REPAYMENT = "loan_repayment", "Loan repayment"
        EXIT_PROCEEDS = "exit_proceeds", "Exit proceeds"
        WRITE_OFF = "write_off", "Write-off"

    OUT_KINDS = (Kind.INVESTMENT, Kind.FOLLOW_ON, Kind.FEE)
    IN_KINDS = (Kind.INTEREST, Kind.DIVIDEND, Kind.LOAN_REPAYMENT, Kind.EXIT_PROCEEDS)

    investment = models.ForeignKey(
        "portfolio.Investment", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    amount = money("amount (GBP, signed)")
    note = models.CharField(max_length=255, blank=True)
    # One-to-one: an entry is reversed at most once (the database refuses a second reversal).
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The reversed entry this one replaces.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name_plural = "ledger entries"
        permissions = [
            ("reverse_ledgerentry", "Can reverse a ledger entry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="write_off", amount=0, reverses__isnull=True)
                    | Q(kind__in=["investment", "follow_on", "fee"], amount__lt=0)
                    & Q(reverses__isnull=True)
                    | Q(kind__in=["investment", "follow_on", "fee"], amount__gt=0)
                    & Q(reverses__isnull=False)
                    | Q(
                        kind__in=["interest", "dividend", "loan_repayment", "exit_proceeds"],
                        amount__gt=0,
                    )
                    & Q(reverses__isnull=True)
                    | Q(
                        kind__in=["interest", "dividend", "loan_repayment", "exit_proceeds"],
                        amount__lt=0,
                    )
                    & Q(reverses__isnull=False)
                ),
                name="ledger_sign_follows_kind",
            ),
        ]
        indexes = [models.Index(fields=["investment", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LedgerImmutableError(LEDGER_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerImmutableError(LEDGER_IMMUTABLE)

    @property
    def organisation_id(self) -> int:
        return self.investment.organisation_id
