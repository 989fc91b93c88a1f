"""Feeds grants.eligibility's pure rules from the records and stores each result."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from grants import eligibility as rules
from grants.models import Application, EligibilityCheck


def eligible_costs(application: Application) -> Decimal:
    total = application.cost_lines.filter(
        category__in=application.call.eligible_categories
    ).aggregate(total=Sum("net_amount"))["total"]
    return total or Decimal("0")


def assistance_received(application: Application, *, on: date) -> list[tuple[date, Decimal]]:
    """Declared MFA plus this scheme's own earlier awards to the organisation (also MFA)."""
    declared = [(d.received_on, d.amount) for d in application.mfa_declarations.all()]
    earlier = (
        Application.objects.filter(
            organisation_id=application.organisation_id,
            status__in=Application.PENDING_STATES | Application.COMMITTED_STATES,
            decided_at__isnull=False,
        )
        .exclude(pk=application.pk)
        .values_list("decided_at", "amount_awarded")
    )
    return declared + [
        (timezone.localdate(decided), amount) for decided, amount in earlier if amount
    ]


def application_rules(application: Application, *, on: date) -> list[rules.RuleResult]:
    call = application.call
    organisation = application.organisation
    amount = application.amount_requested
    results = []
    if call.requires_sme:
        results.append(
            rules.sme_check(
                headcount=organisation.headcount,
                turnover=organisation.turnover,
                balance_sheet=organisation.balance_sheet_total,
                eur_to_gbp=settings.GRANTS_EUR_TO_GBP,
            )
        )
    if call.requires_region:
        results.append(rules.region_check(postcode=organisation.registered_postcode))
    results.append(rules.amount_check(amount=amount, low=call.min_award, high=call.max_award))
    results.append(
        rules.intervention_rate_check(
            amount=amount, eligible_costs=eligible_costs(application), rate=call.intervention_rate
        )
    )
    if call.applies_subsidy_limit:
        results.append(
            rules.subsidy_check(
                declared=assistance_received(application, on=on),
                award=amount,
                on=on,
                limit=settings.GRANTS_MFA_LIMIT,
            )
        )
    return results


@transaction.atomic
def application_eligibility_run(
    *, application: Application, at: datetime | None = None
) -> list[EligibilityCheck]:
    """Check every rule again and replace the stored results (one row per rule)."""
    when = at or timezone.now()
    results = application_rules(application, on=timezone.localdate(when))
    application.eligibility_checks.all().delete()
    checks = EligibilityCheck.objects.bulk_create(
        EligibilityCheck(
            application=application,
            rule=result.rule,
            passed=result.passed,
            reason=result.reason,
            checked_at=when,
        )
        for result in results
    )
    application.eligibility_passed = all(result.passed for result in results)
    application.save(update_fields=["eligibility_passed", "updated_at"])
    return checks
