"""The deal pipeline: an investment application moving from enquiry to invested.

Every status change goes through ``fundops.workflow.transition()`` (a WorkflowEvent each) and
opens a ``DealStageVisit`` row, so the time in every stage is read from one table and the days
in the current stage from ``Deal.stage_entered_at`` without a query per deal.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portfolio.models.fields import money, rate
from portfolio.models.investments import Investment


class CoInvestmentPolicy(models.Model):
    """A fund's co-investment rules (see portfolio/rules.py for how each is checked)."""

    fund = models.OneToOneField(
        "fundops.Fund", on_delete=models.CASCADE, related_name="co_investment_policy"
    )
    min_ticket = money("minimum ticket (GBP)", default=Decimal("50000.00"))
    max_ticket = money("maximum ticket (GBP)", default=Decimal("1000000.00"))
    private_multiple = models.DecimalField(
        "private money multiple (m)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        help_text="Private money on the same terms must be at least m × the fund's money.",
    )
    max_fund_share = rate("maximum fund share of the round", default=Decimal("0.5000"))
    max_voting_stake = rate("maximum voting stake", default=Decimal("0.2990"))
    follow_on_limit = money(
        "total fund money per company (GBP)",
        null=True,
        blank=True,
        default=Decimal("1500000.00"),
        help_text="Blank: no limit.",
    )
    max_follow_ons = models.PositiveSmallIntegerField(
        "maximum number of follow-ons per company", null=True, blank=True, default=3
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "co-investment policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_ticket__gt=0) & Q(max_ticket__gte=models.F("min_ticket")),
                name="policy_ticket_range",
            ),
            models.CheckConstraint(
                condition=Q(private_multiple__gte=0), name="policy_multiple_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(max_fund_share__gt=0) & Q(max_fund_share__lte=1),
                name="policy_share_fraction",
            ),
            models.CheckConstraint(
                condition=Q(max_voting_stake__gt=0) & Q(max_voting_stake__lte=1),
                name="policy_stake_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"Co-investment policy of {self.fund}"


class Deal(models.Model):
    """An investment application: what the company asks of the fund, and its pipeline stage."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ENQUIRY = "enquiry", "Enquiry"
        SCREENING = "screening", "Screening"
        DUE_DILIGENCE = "due_diligence", "Due diligence"
        INVESTMENT_COMMITTEE = "investment_committee", "Investment committee"
        APPROVED = "approved", "Approved"
        COMPLETION = "completion", "Completion"
        INVESTED = "invested", "Invested"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class ProductStage(models.TextChoices):
        CONCEPT = "concept", "Concept"
        PROOF_OF_CONCEPT = "proof_of_concept", "Proof of concept"
        PROTOTYPE = "prototype", "Prototype"
        CLINICAL_EVALUATION = "clinical_evaluation", "Clinical evaluation"
        REGULATORY_APPROVAL = "regulatory_approval", "Regulatory approval"
        ON_MARKET = "on_market", "On market"

    class DealType(models.TextChoices):
        DEVICE = "device", "Medical device or diagnostic"
        DIGITAL_HEALTH = "digital_health", "Digital health"

    class RegulatoryPathway(models.TextChoices):
        UKCA = "ukca", "UKCA marking (MHRA)"
        CE = "ce", "CE marking (EU MDR / IVDR)"
        UKCA_AND_CE = "ukca_ce", "UKCA and CE marking"
        FDA = "fda", "FDA (510(k) / De Novo / PMA)"
        DTAC_ONLY = "dtac", "Not a medical device: DTAC and NICE evidence standards"
        NOT_YET_DETERMINED = "undetermined", "Not yet determined"

    S = Status
    PIPELINE = (
        S.ENQUIRY,
        S.SCREENING,
        S.DUE_DILIGENCE,
        S.INVESTMENT_COMMITTEE,
        S.APPROVED,
        S.COMPLETION,
        S.INVESTED,
    )
    OPEN_STATES = frozenset(
        {
            S.DRAFT,
            S.ENQUIRY,
            S.SCREENING,
            S.DUE_DILIGENCE,
            S.INVESTMENT_COMMITTEE,
            S.APPROVED,
            S.COMPLETION,
        }
    )
    CLOSED_STATES = frozenset({S.INVESTED, S.DECLINED, S.WITHDRAWN})
    # Approved but not yet invested: the deal's amount is reserved against the fund.
    RESERVED_STATES = frozenset({S.APPROVED, S.COMPLETION})
    _OUT = {S.DECLINED, S.WITHDRAWN}
    TRANSITIONS = {
        S.DRAFT: {S.ENQUIRY, S.WITHDRAWN},
        S.ENQUIRY: {S.SCREENING, *_OUT},
        S.SCREENING: {S.DUE_DILIGENCE, *_OUT},
        S.DUE_DILIGENCE: {S.INVESTMENT_COMMITTEE, *_OUT},
        S.INVESTMENT_COMMITTEE: {S.APPROVED, *_OUT},
        S.APPROVED: {S.COMPLETION, *_OUT},
        S.COMPLETION: {S.INVESTED, *_OUT},
    }
    # Applicant moves (submit, withdraw) are checked by the services themselves.
    TRANSITION_PERMISSIONS = {
        S.SCREENING: "portfolio.manage_deal",
        S.DUE_DILIGENCE: "portfolio.manage_deal",
        S.INVESTMENT_COMMITTEE: "portfolio.manage_deal",
        S.APPROVED: "portfolio.decide_deal",
        S.COMPLETION: "portfolio.manage_deal",
        S.INVESTED: "portfolio.add_investment",
        S.DECLINED: "portfolio.manage_deal",
    }

    organisation = models.ForeignKey(
        "fundops.Organisation", on_delete=models.PROTECT, related_name="deals"
    )
    fund = models.ForeignKey("fundops.Fund", on_delete=models.PROTECT, related_name="deals")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deals_created"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deals_owned",
        help_text="The fund manager running the deal.",
    )
    amount_sought = money("amount sought from the fund (GBP)", null=True, blank=True)
    round_size = money("total round size (GBP)", null=True, blank=True)
    instrument = models.CharField(
        "instrument sought", max_length=10, choices=Investment.Instrument.choices, blank=True
    )
    pre_money_valuation = money("pre-money valuation (GBP)", null=True, blank=True)
    use_of_funds = models.TextField(blank=True)
    product_stage = models.CharField(max_length=30, choices=ProductStage.choices, blank=True)
    deal_type = models.CharField(max_length=20, choices=DealType.choices, default=DealType.DEVICE)
    regulatory_pathway = models.CharField(
        max_length=20, choices=RegulatoryPathway.choices, blank=True
    )
    regulatory_notes = models.TextField(
        blank=True, help_text="Device class, notified/approved body, milestones."
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    stage_entered_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True, help_text="Why it was declined or withdrawn.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    investment = models.OneToOneField(
        "portfolio.Investment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deal",
    )
    demo_key = models.CharField(max_length=60, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("manage_deal", "Can run a deal through the pipeline"),
            ("decide_deal", "Can record the investment committee's decision"),
            ("vote_deal", "Can vote on deals at the investment committee"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_sought__isnull=True) | Q(amount_sought__gt=0),
                name="deal_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(round_size__isnull=True) | Q(round_size__gt=0),
                name="deal_round_size_positive",
            ),
            models.CheckConstraint(
                condition=Q(pre_money_valuation__isnull=True) | Q(pre_money_valuation__gt=0),
                name="deal_pre_money_positive",
            ),
        ]
        indexes = [models.Index(fields=["fund", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.organisation.name}"

    @property
    def reference(self) -> str:
        return f"D-{self.pk:05d}" if self.pk else "D-new"


class DealCoInvestor(models.Model):
    """A lead or committed co-investor in the deal's round. ``actual_amount`` is what they put
    in at completion (the planned ``amount`` until then)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="co_investors")
    co_investor = models.ForeignKey(
        "portfolio.CoInvestor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deal_commitments",
    )
    name = models.CharField(max_length=200, help_text="As the applicant wrote it.")
    amount = money("committed amount (GBP)")
    same_terms = models.BooleanField("on the same terms as the fund", default=True)
    is_lead = models.BooleanField("lead investor", default=False)
    is_private = models.BooleanField(
        "private money", default=True, help_text="Only private money counts for the rules."
    )
    actual_amount = money("amount invested at completion (GBP)", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["deal", "-is_lead", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="deal_coinvestor_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(actual_amount__isnull=True) | Q(actual_amount__gte=0),
                name="deal_coinvestor_actual_not_negative",
            ),
            models.UniqueConstraint(fields=["deal", "name"], name="deal_coinvestor_once"),
            models.UniqueConstraint(
                fields=["deal"], condition=Q(is_lead=True), name="deal_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} £{self.amount:,.2f}"


class DealStageVisit(models.Model):
    """One stay of a deal in a stage: entered, left (null while it is there)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="stage_visits")
    stage = models.CharField(max_length=30, choices=Deal.Status.choices)
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deal", "entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deal"], condition=Q(left_at__isnull=True), name="deal_one_open_visit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deal_id} {self.stage} from {self.entered_at:%Y-%m-%d}"


class DealClarification(models.Model):
    """Staff ask the applicant a question; the applicant answers. The deal stays where it is."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="clarifications")
    question = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["deal", "asked_at", "pk"]

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.question[:40]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
