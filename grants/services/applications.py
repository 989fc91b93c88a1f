"""The applicant's side of an application: draft, costs, declarations, submit, withdraw,
and the clarification loop."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from fundops.api.errors import DomainError
from fundops.models import Document, Organisation, User
from fundops.money import to_pennies
from fundops.services.documents import document_upload
from grants.models import Application, Call, CostCategory, CostLine, MatchFunding, MFADeclaration
from grants.services.common import (
    lock_application,
    move,
    now_or,
    require_editable,
    require_member,
    require_member_or_staff,
    require_perm,
)
from grants.services.eligibility import application_eligibility_run

CALL_NOT_OPEN = "This call is not open for applications."
TITLE_REQUIRED = "Give the project a title."
BARRIER_REQUIRED = "Choose the barrier the grant will unblock."
AMOUNT_REQUIRED = "Enter the amount you are asking for."
ANSWER_REQUIRED = "Answer this question."
ANSWER_TOO_LONG = "{words} words: the limit is {limit}."
COSTS_REQUIRED = "Add at least one cost line."
DECLARATION_REQUIRED = "Confirm the declaration before submitting."
UNKNOWN_QUESTION = "“{key}” is not a question of this call."
CATEGORY_UNKNOWN = "Choose a cost category from the list."
NOT_WITHDRAWABLE = "An application cannot be withdrawn once the offer is accepted."
INFO_NOT_ALLOWED = "More information can only be asked for during eligibility, assessment or panel."
INFO_QUESTION_REQUIRED = "Say what information you need."
INFO_ANSWER_REQUIRED = "Answer the request for information."
DATE_IN_FUTURE = "The date cannot be in the future."

DRAFT_FIELDS = (
    "title",
    "summary",
    "barrier",
    "answers",
    "amount_requested",
    "project_start",
    "project_end",
    "declaration_accepted",
)


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else to_pennies(Decimal(value))


def _check_answer_keys(call: Call, answers: dict[str, Any]) -> None:
    keys = {question["key"] for question in call.questions}
    unknown = [key for key in answers if key not in keys]
    if unknown:
        raise ValidationError({"answers": UNKNOWN_QUESTION.format(key=unknown[0])})


@transaction.atomic
def application_create(
    *,
    call: Call,
    organisation: Organisation,
    by: User,
    title: str,
    barrier: str = "",
    at: datetime | None = None,
    **fields: Any,
) -> Application:
    require_member_or_staff(Application(organisation=organisation), by)
    when = now_or(at)
    if not call.opens_at <= when <= call.closes_at:
        raise DomainError(CALL_NOT_OPEN, code="call_closed")
    application = Application(
        call=call, organisation=organisation, created_by=by, title=title, barrier=barrier
    )
    _apply(application, fields)
    application.save()
    return application


def _apply(application: Application, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name not in DRAFT_FIELDS:
            raise DomainError(f"“{name}” cannot be changed here.", code="unknown_field")
        if name == "amount_requested":
            value = _money(value)
        if name == "answers":
            _check_answer_keys(application.call, value or {})
            value = {**application.answers, **(value or {})}
        setattr(application, name, value)


@transaction.atomic
def application_update(*, application: Application, by: User, **fields: Any) -> Application:
    application = lock_application(application)
    require_member(application, by)
    require_editable(application)
    _apply(application, fields)
    application.save()
    return application


def _cost_line_editable(cost_line: CostLine, by: User) -> Application:
    application = lock_application(cost_line.application)
    require_member(application, by)
    require_editable(application)
    return application


def _check_category(category: str) -> None:
    if category not in CostCategory.values:
        raise ValidationError({"category": CATEGORY_UNKNOWN})


@transaction.atomic
def cost_line_add(
    *,
    application: Application,
    by: User,
    item: str,
    category: str,
    net_amount: Decimal,
    supplier: str = "",
) -> CostLine:
    application = lock_application(application)
    require_member(application, by)
    require_editable(application)
    _check_category(category)
    line = CostLine(
        application=application,
        item=item,
        category=category,
        supplier=supplier,
        net_amount=to_pennies(Decimal(net_amount)),
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def cost_line_update(*, cost_line: CostLine, by: User, **fields: Any) -> CostLine:
    _cost_line_editable(cost_line, by)
    for name in ("item", "category", "supplier", "net_amount"):
        if name in fields:
            value = fields[name]
            if name == "category":
                _check_category(value)
            if name == "net_amount":
                value = to_pennies(Decimal(value))
            setattr(cost_line, name, value)
    cost_line.full_clean()
    cost_line.save()
    return cost_line


@transaction.atomic
def cost_line_remove(*, cost_line: CostLine, by: User) -> None:
    _cost_line_editable(cost_line, by)
    cost_line.delete()


@transaction.atomic
def cost_line_quote_upload(*, cost_line: CostLine, by: User, file: UploadedFile) -> Document:
    _cost_line_editable(cost_line, by)
    return document_upload(file=file, attach_to=cost_line, by=by, description="quote")


@transaction.atomic
def match_funding_add(
    *,
    application: Application,
    by: User,
    source: str,
    amount: Decimal,
    kind: str,
    secured: bool = False,
) -> MatchFunding:
    application = lock_application(application)
    require_member(application, by)
    require_editable(application)
    funding = MatchFunding(
        application=application,
        source=source,
        kind=kind,
        amount=to_pennies(Decimal(amount)),
        secured=secured,
    )
    funding.full_clean()
    funding.save()
    return funding


@transaction.atomic
def match_funding_remove(*, match_funding: MatchFunding, by: User) -> None:
    application = lock_application(match_funding.application)
    require_member(application, by)
    require_editable(application)
    match_funding.delete()


@transaction.atomic
def mfa_declaration_add(
    *,
    application: Application,
    by: User,
    awarding_body: str,
    received_on: date,
    amount: Decimal,
    today: date | None = None,
) -> MFADeclaration:
    application = lock_application(application)
    require_member(application, by)
    require_editable(application)
    if received_on > (today or date.today()):  # noqa: DTZ011 - a calendar date, not a time
        raise ValidationError({"received_on": DATE_IN_FUTURE})
    declaration = MFADeclaration(
        application=application,
        awarding_body=awarding_body,
        received_on=received_on,
        amount=to_pennies(Decimal(amount)),
    )
    declaration.full_clean()
    declaration.save()
    return declaration


@transaction.atomic
def mfa_declaration_remove(*, declaration: MFADeclaration, by: User) -> None:
    application = lock_application(declaration.application)
    require_member(application, by)
    require_editable(application)
    declaration.delete()


def application_validate_for_submit(application: Application) -> None:
    """Everything the form must hold before it is submitted (drafts may be incomplete)."""
    errors: dict[str, str] = {}
    if not application.title.strip():
        errors["title"] = TITLE_REQUIRED
    if not application.barrier:
        errors["barrier"] = BARRIER_REQUIRED
    if application.amount_requested is None:
        errors["amount_requested"] = AMOUNT_REQUIRED
    for question in application.call.questions:
        text = str(application.answers.get(question["key"], "")).strip()
        words = len(text.split())
        if not text:
            errors[f"answers.{question['key']}"] = ANSWER_REQUIRED
        elif words > int(question["words"]):
            errors[f"answers.{question['key']}"] = ANSWER_TOO_LONG.format(
                words=words, limit=question["words"]
            )
    if not application.cost_lines.exists():
        errors["cost_lines"] = COSTS_REQUIRED
    if not application.declaration_accepted:
        errors["declaration_accepted"] = DECLARATION_REQUIRED
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_submit(
    *, application: Application, by: User, at: datetime | None = None
) -> Application:
    """Submit, then check eligibility at once. A failed rule does not reject: the results and
    reasons are stored and the application waits in "eligibility check" for staff to reject
    (or, with a recorded reason, override)."""
    application = lock_application(application)
    require_member(application, by)
    when = now_or(at)
    call = application.call
    if not call.opens_at <= when <= call.closes_at:
        raise DomainError(CALL_NOT_OPEN, code="call_closed")
    application_validate_for_submit(application)
    application.submitted_at = when
    move(
        application,
        to=Application.Status.SUBMITTED,
        by=by,
        at=when,
        extra_update_fields=("submitted_at",),
    )
    move(
        application,
        to=Application.Status.ELIGIBILITY_CHECK,
        by=by,
        at=when,
        reason="Eligibility checked automatically on submission.",
    )
    application_eligibility_run(application=application, at=when)
    return application


@transaction.atomic
def application_withdraw(
    *, application: Application, by: User, reason: str = "", at: datetime | None = None
) -> Application:
    application = lock_application(application)
    require_member_or_staff(application, by)
    if by.is_staff:
        require_perm(by, "grants.manage_application")
    if application.status not in Application.OPEN_STATES:
        raise DomainError(NOT_WITHDRAWABLE, code="not_withdrawable", status=409)
    move(application, to=Application.Status.WITHDRAWN, by=by, reason=reason, at=at)
    return application


@transaction.atomic
def application_info_request(
    *, application: Application, by: User, question: str, at: datetime | None = None
) -> Application:
    application = lock_application(application)
    require_perm(by, "grants.manage_application")
    if application.status not in Application.INFO_STATES:
        raise DomainError(INFO_NOT_ALLOWED, code="invalid_transition", status=409)
    if not question.strip():
        raise ValidationError({"question": INFO_QUESTION_REQUIRED})
    application.info_return_status = application.status
    application.info_request = question
    application.info_response = ""
    move(
        application,
        to=Application.Status.MORE_INFO_REQUESTED,
        by=by,
        reason=question,
        at=at,
        extra_update_fields=("info_return_status", "info_request", "info_response"),
    )
    return application


@transaction.atomic
def application_info_respond(
    *, application: Application, by: User, answer: str, at: datetime | None = None
) -> Application:
    """The answer sends the application back to the step that asked; eligibility is checked
    again because the applicant may have changed costs or declarations meanwhile."""
    application = lock_application(application)
    require_member(application, by)
    if not answer.strip():
        raise ValidationError({"answer": INFO_ANSWER_REQUIRED})
    back_to = application.info_return_status
    application.info_response = answer
    move(
        application,
        to=back_to or Application.Status.ELIGIBILITY_CHECK,
        by=by,
        reason=answer,
        at=at,
        extra_update_fields=("info_response",),
    )
    application_eligibility_run(application=application, at=at)
    return application
