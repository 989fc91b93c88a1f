"""Due diligence on a deal: start (from its template), work the items, complete.

Public functions:
- dd_templates_ensure() -> None                 default templates (idempotent; also demo)
- dd_template_for(*, deal) -> DDTemplate
- dd_start(*, deal, by, at=None) -> Deal        screening → due diligence: the co-investment
  rules are checked first (409 naming each failed rule and its figures), then the template's
  items are copied to the deal (owner: the deal's owner; due: start + the item's days)
- dd_item_add(*, deal, by, workstream, title, guidance="", owner=None, due_date=None) -> DDItem
- dd_item_update(*, item, by, **fields) -> DDItem   owner, due_date, status, rag, findings,
  waived_reason (waiving needs a reason); done/waived items record who closed them and when
- dd_item_document_upload(*, item, by, file) -> Document
- dd_complete(*, deal, by, at=None) -> Deal     due diligence → investment committee; 409
  listing the open items while any item is not done or waived
- dd_reminders_send(*, today) -> int            one email per owner of overdue items, once a day
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from fundops.api.errors import Conflict, DomainError
from fundops.models import Document, User
from fundops.notifications import notify
from fundops.services.documents import document_upload
from portfolio.dd_checklist import ITEMS, TEMPLATES
from portfolio.models import DDItem, DDTemplate, DDTemplateItem, Deal, Workstream
from portfolio.selectors_deals import dd_overdue_by_owner, deal_rule_results
from portfolio.services.deal_common import lock_deal, move, now_or, require_can_move, require_perm

S = Deal.Status
MANAGE = "portfolio.manage_deal"

RULES_FAILED = "Co-investment rules failed: {failures}"
ITEMS_OPEN = "Due diligence cannot be completed: {count} item(s) still open: {items}."
NO_ITEMS = "Due diligence has no items: add or start the checklist first."
WAIVER_REASON = "Give the reason for waiving this item."
NOT_IN_DD = "Items can only be worked on while the deal is in due diligence."
STATUS_UNKNOWN = "Choose a status from the list."
RAG_UNKNOWN = "Choose red, amber or green."
WORKSTREAM_UNKNOWN = "Choose a workstream from the list."
OWNER_NOT_STAFF = "The owner must be a member of staff."
TEXT_FIELDS = ("rag", "findings", "title", "waived_reason")
ITEM_FIELDS = ("owner", "due_date", "status", "rag", "findings", "waived_reason", "title")


def rules_failure_message(deal: Deal) -> str | None:
    """The failed rules in words (None if all pass), as the 409 reason."""
    failed = [r for r in deal_rule_results(deal=deal) if not r.passed]
    if not failed:
        return None
    return RULES_FAILED.format(failures=" ".join(f"{r.label}: {r.message}" for r in failed))


def dd_templates_ensure() -> None:
    for deal_type, name in TEMPLATES.items():
        template, made = DDTemplate.objects.get_or_create(
            deal_type=deal_type, instrument="", defaults={"name": name}
        )
        if made:
            DDTemplateItem.objects.bulk_create(
                DDTemplateItem(
                    template=template,
                    workstream=ws,
                    title=title,
                    guidance=guidance,
                    due_days=days,
                    order=n,
                )
                for n, (ws, title, guidance, days, types) in enumerate(ITEMS)
                if deal_type in types
            )


def dd_template_for(*, deal: Deal) -> DDTemplate:
    dd_templates_ensure()
    for deal_type, instrument in (
        (deal.deal_type, deal.instrument),
        (deal.deal_type, ""),
        ("", deal.instrument),
        ("", ""),
    ):
        found = DDTemplate.objects.filter(deal_type=deal_type, instrument=instrument).first()
        if found:
            return found
    return DDTemplate.objects.get(deal_type=Deal.DealType.DEVICE, instrument="")


@transaction.atomic
def dd_start(*, deal: Deal, by: User, at: datetime | None = None) -> Deal:
    deal = lock_deal(deal)
    require_perm(by, MANAGE)
    require_can_move(deal, S.DUE_DILIGENCE)
    failure = rules_failure_message(deal)
    if failure:
        raise Conflict(failure, code="rules_failed")
    when = now_or(at)
    move(
        deal,
        to=S.DUE_DILIGENCE,
        by=by,
        reason="Screening passed: co-investment rules met.",
        at=when,
    )
    if not deal.dd_items.exists():
        start = timezone.localdate(when)
        DDItem.objects.bulk_create(
            DDItem(
                deal=deal,
                workstream=item.workstream,
                title=item.title,
                guidance=item.guidance,
                order=item.order,
                owner=deal.owner,
                due_date=start + timedelta(days=item.due_days),
            )
            for item in dd_template_for(deal=deal).items.all()
        )
    return deal


def _require_in_dd(deal: Deal) -> None:
    if deal.status != S.DUE_DILIGENCE:
        raise Conflict(NOT_IN_DD, code="not_in_due_diligence")


@transaction.atomic
def dd_item_add(
    *,
    deal: Deal,
    by: User,
    workstream: str,
    title: str,
    guidance: str = "",
    owner: User | None = None,
    due_date: date | None = None,
) -> DDItem:
    deal = lock_deal(deal)
    require_perm(by, MANAGE)
    _require_in_dd(deal)
    if workstream not in Workstream.values:
        raise ValidationError({"workstream": WORKSTREAM_UNKNOWN})
    if owner is not None and not owner.is_staff:
        raise ValidationError({"owner": OWNER_NOT_STAFF})
    last = deal.dd_items.order_by("-order").values_list("order", flat=True).first() or 0
    return DDItem.objects.create(
        deal=deal,
        workstream=workstream,
        title=title.strip(),
        guidance=guidance,
        owner=owner or deal.owner,
        due_date=due_date,
        order=last + 1,
    )


def _set_status(item: DDItem, status: str, by: User, reason: str) -> None:
    if status not in DDItem.Status.values:
        raise ValidationError({"status": STATUS_UNKNOWN})
    if status == DDItem.Status.WAIVED and not reason.strip():
        raise ValidationError({"waived_reason": WAIVER_REASON})
    item.status = status
    if status in DDItem.CLOSED:
        item.closed_at, item.closed_by = timezone.now(), by
    else:
        item.closed_at, item.closed_by = None, None
    if status != DDItem.Status.WAIVED:
        item.waived_reason = ""


@transaction.atomic
def dd_item_update(*, item: DDItem, by: User, **fields: Any) -> DDItem:
    lock_deal(item.deal)
    item = DDItem.objects.select_for_update().select_related("deal").get(pk=item.pk)
    require_perm(by, MANAGE)
    _require_in_dd(item.deal)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise DomainError(f"“{sorted(unknown)[0]}” cannot be changed here.", code="unknown_field")
    if "rag" in fields and fields["rag"] not in ("", *DDItem.Rag.values):
        raise ValidationError({"rag": RAG_UNKNOWN})
    owner = fields.get("owner")
    if owner is not None and not owner.is_staff:
        raise ValidationError({"owner": OWNER_NOT_STAFF})
    for name in ("owner", "due_date", "rag", "findings", "title", "waived_reason"):
        if name in fields:
            value = fields[name]
            setattr(item, name, "" if value is None and name in TEXT_FIELDS else value)
    if "status" in fields:
        _set_status(item, fields["status"], by, item.waived_reason)
    elif item.status == DDItem.Status.WAIVED and not item.waived_reason.strip():
        raise ValidationError({"waived_reason": WAIVER_REASON})
    item.save()
    return item


@transaction.atomic
def dd_item_document_upload(*, item: DDItem, by: User, file: UploadedFile) -> Document:
    lock_deal(item.deal)
    require_perm(by, MANAGE)
    _require_in_dd(item.deal)
    return document_upload(file=file, attach_to=item, by=by, description=str(item)[:255])


@transaction.atomic
def dd_complete(*, deal: Deal, by: User, at: datetime | None = None) -> Deal:
    deal = lock_deal(deal)
    require_perm(by, MANAGE)
    require_can_move(deal, S.INVESTMENT_COMMITTEE)
    items = list(deal.dd_items.order_by("order", "pk"))
    if not items:
        raise Conflict(NO_ITEMS, code="dd_open_items")
    still_open = [i for i in items if i.is_open]
    if still_open:
        names = "; ".join(f"{i.get_workstream_display()}: {i.title}" for i in still_open)
        raise Conflict(ITEMS_OPEN.format(count=len(still_open), items=names), code="dd_open_items")
    move(deal, to=S.INVESTMENT_COMMITTEE, by=by, reason="Due diligence complete.", at=at)
    return deal


def dd_reminders_send(*, today: date) -> int:
    """Email each owner their overdue open items, at most once a day (safe to run twice:
    an item reminded today is skipped). Returns the number of emails."""
    sent = 0
    for owner, items in dd_overdue_by_owner(today=today).items():
        due = [i for i in items if i.reminded_on != today]
        if not due:
            continue
        lines = "\n".join(
            f"- {i.deal.reference} {i.deal.organisation.name}: {i.title} "
            f"(due {i.due_date:%d %b %Y})"
            for i in due
        )
        with transaction.atomic():
            notify(
                to=[owner.email],
                subject=f"{len(due)} overdue due diligence item(s)",
                body=f"These due diligence items are past their due date:\n\n{lines}\n",
            )
            DDItem.objects.filter(pk__in=[i.pk for i in due]).update(reminded_on=today)
        sent += 1
    return sent
