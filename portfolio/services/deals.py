"""Deals: the investment application and its moves through the pipeline.

Public functions (keyword-only; each one transaction):
- deal_create(*, organisation, fund, by, **fields) -> Deal         applicant (member) or manager
- deal_update(*, deal, by, **fields) -> Deal                        see EDITABLE below
- deal_co_investor_add(*, deal, by, name, amount, same_terms=True, is_lead=False,
  is_private=True, co_investor=None) -> DealCoInvestor
- deal_co_investor_update(*, co_investor, by, **fields) -> DealCoInvestor
- deal_co_investor_remove(*, co_investor, by) -> None
- deal_document_upload(*, deal, by, file, kind) -> Document        kind in DOCUMENT_KINDS
- deal_submit(*, deal, by, at=None) -> Deal                         draft → enquiry
- deal_withdraw(*, deal, by, reason, at=None) -> Deal               any open stage, reason needed
- deal_decline(*, deal, by, reason, at=None) -> Deal                any open stage, reason needed
- deal_clarification_ask(*, deal, by, question, at=None) -> DealClarification   staff
- deal_clarification_answer(*, clarification, by, answer, at=None) -> DealClarification
- deal_owner_assign(*, deal, by, owner) -> Deal
- deal_move(*, deal, to, by, reason="", at=None) -> Deal   the board's one entry point: runs the
  same checks as the buttons (rules into DD, open items into IC, votes into approved) and
  raises InvalidTransition/Conflict (409) with the reason on an illegal or blocked move.

Who edits what: an applicant edits their draft, and answers clarifications (while a question is
open they may also correct the application); a fund manager (portfolio.manage_deal) edits a
deal's terms and co-investors until the committee votes (e.g. to fix co-investor amounts after
a rule failed).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from fundops.api.errors import Conflict, DomainError
from fundops.models import Document, Fund, Organisation, User
from fundops.money import to_pennies
from fundops.services.documents import document_upload
from portfolio.models import CoInvestor, Deal, DealClarification, DealCoInvestor
from portfolio.services.deal_common import (
    lock_deal,
    move,
    notify_applicant,
    now_or,
    require_can_move,
    require_member,
    require_member_or_perm,
    require_perm,
)

S = Deal.Status
MANAGE = "portfolio.manage_deal"

ORGANISATION_NOT_VERIFIED = "Only a verified organisation can apply for investment."
NOT_EDITABLE = "This application can only be changed while it is a draft or being clarified."
TERMS_LOCKED = "The deal's terms cannot change once the committee has started voting."
CLOSED = "This deal is closed."
UNKNOWN_FIELD = "“{name}” cannot be changed here."
REASON_REQUIRED = "Give the reason: it is recorded and the applicant sees it."
QUESTION_REQUIRED = "Say what you need to know."
ANSWER_REQUIRED = "Answer the question."
ALREADY_ANSWERED = "This question has already been answered."
CLARIFY_CLOSED = "Questions can only be asked while the deal is open and submitted."
NOT_STAFF_OWNER = "The owner must be a member of staff."
AMOUNT_NOT_POSITIVE = "The amount must be more than £0.00."
NAME_TAKEN = "{name} is already listed on this deal."
ONE_LEAD = "{name} is already the lead investor: only one lead per deal."
DOCUMENT_KIND_UNKNOWN = "Choose pitch deck, financials or other."
COMPLETE_ON_DEAL_PAGE = (
    "Completing a deal needs the instrument terms and the co-investors' actual amounts: "
    "use Complete on the deal page."
)
SUBMIT_MISSING = "Complete the application before submitting: {fields}."

DOCUMENT_KINDS = {"pitch_deck": "Pitch deck", "financials": "Financials", "other": "Other"}
DRAFT_FIELDS = (
    "amount_sought",
    "round_size",
    "instrument",
    "pre_money_valuation",
    "use_of_funds",
    "product_stage",
    "deal_type",
    "regulatory_pathway",
    "regulatory_notes",
)
CO_INVESTOR_FIELDS = ("name", "amount", "same_terms", "is_lead", "is_private")
MONEY_FIELDS = ("amount_sought", "round_size", "pre_money_valuation")
REQUIRED_TO_SUBMIT = (
    "amount_sought",
    "round_size",
    "instrument",
    "pre_money_valuation",
    "use_of_funds",
    "product_stage",
    "regulatory_pathway",
)
# Staff may correct terms until the committee votes; later the votes would not match them.
STAFF_EDITABLE = frozenset(
    {S.DRAFT, S.ENQUIRY, S.SCREENING, S.DUE_DILIGENCE, S.INVESTMENT_COMMITTEE}
)


def _apply(deal: Deal, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name not in DRAFT_FIELDS:
            raise DomainError(UNKNOWN_FIELD.format(name=name), code="unknown_field")
        if name in MONEY_FIELDS and value is not None:
            value = to_pennies(Decimal(value))
            if value <= 0:
                raise ValidationError({name: AMOUNT_NOT_POSITIVE})
        setattr(deal, name, value)
    deal.full_clean(exclude=["organisation", "fund", "created_by", "owner", "investment"])


@transaction.atomic
def deal_create(*, organisation: Organisation, fund: Fund, by: User, **fields: Any) -> Deal:
    deal = Deal(organisation=organisation, fund=fund, created_by=by)
    require_member_or_perm(deal, by, MANAGE)
    if organisation.status != Organisation.Status.VERIFIED:
        raise DomainError(ORGANISATION_NOT_VERIFIED, code="not_verified")
    if by.is_staff:
        deal.owner = by
    _apply(deal, fields)
    deal.save()
    return deal


def _has_open_question(deal: Deal) -> bool:
    return deal.clarifications.filter(answered_at__isnull=True).exists()


def require_editable(deal: Deal, by: User) -> None:
    """Applicants: a draft, or while a question is open. Staff: until the committee votes.
    Nobody once a vote is cast: the votes were on these terms."""
    if by.is_staff:
        require_perm(by, MANAGE)
        if deal.status not in STAFF_EDITABLE:
            raise Conflict(NOT_EDITABLE, code="not_editable")
    else:
        require_member(deal, by)
    if deal.votes.exists():
        raise Conflict(TERMS_LOCKED, code="terms_locked")
    if by.is_staff:
        return
    if deal.status == S.DRAFT:
        return
    if deal.status in Deal.OPEN_STATES and _has_open_question(deal):
        return
    raise Conflict(NOT_EDITABLE, code="not_editable")


@transaction.atomic
def deal_update(*, deal: Deal, by: User, **fields: Any) -> Deal:
    deal = lock_deal(deal)
    require_editable(deal, by)
    _apply(deal, fields)
    deal.save()
    return deal


def _check_co_investor(
    deal: Deal, name: str, amount: Decimal, is_lead: bool, exclude: int | None = None
) -> None:
    others = deal.co_investors.exclude(pk=exclude)
    if others.filter(name__iexact=name).exists():
        raise ValidationError({"name": NAME_TAKEN.format(name=name)})
    if amount <= 0:
        raise ValidationError({"amount": AMOUNT_NOT_POSITIVE})
    lead = others.filter(is_lead=True).first()
    if is_lead and lead is not None:
        raise ValidationError({"is_lead": ONE_LEAD.format(name=lead.name)})


@transaction.atomic
def deal_co_investor_add(
    *,
    deal: Deal,
    by: User,
    name: str,
    amount: Decimal,
    same_terms: bool = True,
    is_lead: bool = False,
    is_private: bool = True,
    co_investor: CoInvestor | None = None,
) -> DealCoInvestor:
    deal = lock_deal(deal)
    require_editable(deal, by)
    name = (name or (co_investor.name if co_investor else "")).strip()
    amount = to_pennies(Decimal(amount))
    _check_co_investor(deal, name, amount, is_lead)
    if co_investor is not None:
        is_private = co_investor.source == CoInvestor.Source.PRIVATE
    return DealCoInvestor.objects.create(
        deal=deal,
        co_investor=co_investor,
        name=name,
        amount=amount,
        same_terms=same_terms,
        is_lead=is_lead,
        is_private=is_private,
    )


@transaction.atomic
def deal_co_investor_update(
    *, co_investor: DealCoInvestor, by: User, **fields: Any
) -> DealCoInvestor:
    """Change a commitment (e.g. the amount after a rule failed): name, amount, same_terms,
    is_lead, is_private."""
    deal = lock_deal(co_investor.deal)
    require_editable(deal, by)
    row = DealCoInvestor.objects.select_for_update().get(pk=co_investor.pk)
    unknown = set(fields) - set(CO_INVESTOR_FIELDS)
    if unknown:
        raise DomainError(UNKNOWN_FIELD.format(name=sorted(unknown)[0]), code="unknown_field")
    for name, value in fields.items():
        setattr(row, name, to_pennies(Decimal(value)) if name == "amount" else value)
    _check_co_investor(deal, row.name.strip(), row.amount, row.is_lead, exclude=row.pk)
    row._change_reason = "edited"  # type: ignore[attr-defined]
    row.save()
    return row


@transaction.atomic
def deal_co_investor_remove(*, co_investor: DealCoInvestor, by: User) -> None:
    deal = lock_deal(co_investor.deal)
    require_editable(deal, by)
    co_investor.delete()


@transaction.atomic
def deal_document_upload(*, deal: Deal, by: User, file: UploadedFile, kind: str) -> Document:
    """A pitch deck, financials or other file (checked and scanned by fundops documents)."""
    deal = lock_deal(deal)
    if kind not in DOCUMENT_KINDS:
        raise ValidationError({"kind": DOCUMENT_KIND_UNKNOWN})
    require_member_or_perm(deal, by, MANAGE)
    if deal.status not in Deal.OPEN_STATES:
        raise Conflict(CLOSED, code="closed")
    return document_upload(file=file, attach_to=deal, by=by, description=DOCUMENT_KINDS[kind])


def deal_validate_for_submit(deal: Deal) -> None:
    missing = [
        str(Deal._meta.get_field(name).verbose_name)
        for name in REQUIRED_TO_SUBMIT
        if getattr(deal, name) in (None, "")
    ]
    if missing:
        raise ValidationError(SUBMIT_MISSING.format(fields=", ".join(missing)))


@transaction.atomic
def deal_submit(*, deal: Deal, by: User, at: datetime | None = None) -> Deal:
    deal = lock_deal(deal)
    require_member_or_perm(deal, by, MANAGE)
    require_can_move(deal, S.ENQUIRY)
    deal_validate_for_submit(deal)
    deal.submitted_at = now_or(at)
    move(deal, to=S.ENQUIRY, by=by, at=deal.submitted_at, extra_update_fields=("submitted_at",))
    return deal


def _close(deal: Deal, *, to: str, by: User, reason: str, at: datetime | None) -> Deal:
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    require_can_move(deal, to)
    deal.closed_reason = reason.strip()
    move(
        deal, to=to, by=by, reason=deal.closed_reason, at=at, extra_update_fields=("closed_reason",)
    )
    return deal


@transaction.atomic
def deal_withdraw(*, deal: Deal, by: User, reason: str, at: datetime | None = None) -> Deal:
    """The applicant withdraws (or a manager records that they did)."""
    deal = lock_deal(deal)
    require_member_or_perm(deal, by, MANAGE)
    return _close(deal, to=S.WITHDRAWN, by=by, reason=reason, at=at)


@transaction.atomic
def deal_decline(*, deal: Deal, by: User, reason: str, at: datetime | None = None) -> Deal:
    deal = lock_deal(deal)
    require_perm(by, MANAGE)
    return _close(deal, to=S.DECLINED, by=by, reason=reason, at=at)


@transaction.atomic
def deal_clarification_ask(
    *, deal: Deal, by: User, question: str, at: datetime | None = None
) -> DealClarification:
    deal = lock_deal(deal)
    require_perm(by, MANAGE)
    if deal.status not in Deal.OPEN_STATES or deal.status == S.DRAFT:
        raise Conflict(CLARIFY_CLOSED, code="not_open")
    if not question.strip():
        raise ValidationError({"question": QUESTION_REQUIRED})
    clarification = DealClarification.objects.create(
        deal=deal, question=question.strip(), asked_by=by, asked_at=now_or(at)
    )
    notify_applicant(deal, f"We have a question about your application:\n\n{question.strip()}")
    return clarification


@transaction.atomic
def deal_clarification_answer(
    *, clarification: DealClarification, by: User, answer: str, at: datetime | None = None
) -> DealClarification:
    lock_deal(clarification.deal)
    clarification = DealClarification.objects.select_for_update().get(pk=clarification.pk)
    require_member(clarification.deal, by)
    if not clarification.is_open:
        raise Conflict(ALREADY_ANSWERED, code="answered")
    if not answer.strip():
        raise ValidationError({"answer": ANSWER_REQUIRED})
    clarification.answer = answer.strip()
    clarification.answered_by = by
    clarification.answered_at = now_or(at)
    clarification.save()
    return clarification


@transaction.atomic
def deal_owner_assign(*, deal: Deal, by: User, owner: User) -> Deal:
    deal = lock_deal(deal)
    require_perm(by, MANAGE)
    if not owner.is_staff:
        raise ValidationError({"owner": NOT_STAFF_OWNER})
    deal.owner = owner
    deal.save(update_fields=["owner", "updated_at"])
    return deal


@transaction.atomic
def deal_move(
    *, deal: Deal, to: str, by: User, reason: str = "", at: datetime | None = None
) -> Deal:
    """Move a deal as the board does: each destination runs its own service and checks."""
    from portfolio.services import committee, diligence

    # Each destination's service takes its own locks (approval: the fund, then the deal).
    current = Deal.objects.select_related("organisation", "fund").get(pk=deal.pk)
    require_can_move(current, to)
    if to == S.ENQUIRY:
        return deal_submit(deal=current, by=by, at=at)
    if to == S.WITHDRAWN:
        return deal_withdraw(deal=current, by=by, reason=reason, at=at)
    if to == S.DECLINED:
        return deal_decline(deal=current, by=by, reason=reason, at=at)
    if to == S.DUE_DILIGENCE:
        return diligence.dd_start(deal=current, by=by, at=at)
    if to == S.INVESTMENT_COMMITTEE:
        return diligence.dd_complete(deal=current, by=by, at=at)
    if to == S.APPROVED:
        return committee.ic_decision_record(
            deal=current, by=by, outcome="approved", note=reason, at=at
        ).deal
    if to == S.INVESTED:
        raise Conflict(COMPLETE_ON_DEAL_PAGE, code="needs_terms")
    require_perm(by, MANAGE)
    current = lock_deal(current)
    move(current, to=to, by=by, reason=reason, at=at)
    return current
