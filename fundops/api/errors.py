"""One JSON error format for every 4xx: {"error": {"status", "code", "reason", "fields"}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_ratelimit.exceptions import Ratelimited
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fundops.workflow import InvalidTransition

RATE_LIMITED = "Too many requests. Please wait a few minutes and try again."


class DomainError(Exception):
    """A business rule refused the request (HTTP 400, or ``status`` if given)."""

    def __init__(self, reason: str, *, code: str = "invalid", status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.status = status


class Conflict(DomainError):
    def __init__(self, reason: str, *, code: str = "conflict") -> None:
        super().__init__(reason, code=code, status=409)


def error_body(status_code: int, code: str, reason: str, fields: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "reason": reason}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            message = _first_message(value)
            return message if key == "non_field_errors" else f"{key}: {message}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Ratelimited):
        return Response(error_body(429, "rate_limited", RATE_LIMITED), status=429)
    if isinstance(exc, InvalidTransition):
        return Response(
            error_body(409, "invalid_transition", exc.reason), status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DomainError):
        return Response(error_body(exc.status, exc.code, exc.reason), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(fields)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            response.status_code, "invalid", _first_message(exc.detail), exc.detail
        )
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = error_body(response.status_code, code, _first_message(exc.detail))
    return response
