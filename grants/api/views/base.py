"""The shape every grants action endpoint shares: find the record through a scoping selector
(another organisation's record is a 404), validate the input, call one service, serialise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fundops.api.errors import DomainError
from fundops.models import User
from grants.services.common import require_perm


def require_view(user: User, model: str) -> None:
    """Staff read a kind of grants record only with its view permission (grants.permissions:
    e.g. assessors and board members do not see claims); applicants are scoped to their own
    organisation by the selectors instead."""
    if user.is_staff:
        require_perm(user, f"grants.view_{model}")


class EmptyInput(serializers.Serializer):
    pass


class ActionApi(APIView):
    """Subclasses set ``lookup`` (selector: user, pk -> record), ``input_serializer``,
    ``output_serializer`` and implement ``act``."""

    lookup: ClassVar[Callable[..., Any]]
    input_serializer: ClassVar[type[serializers.Serializer]] = EmptyInput
    output_serializer: ClassVar[type[serializers.BaseSerializer]]
    created: ClassVar[bool] = False
    staff_only: ClassVar[bool] = False

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        record = type(self).lookup(user=request.user, pk=pk)
        if self.staff_only and not request.user.is_staff:
            raise DomainError("This is a staff action.", code="forbidden", status=403)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = self.act(record, request, dict(data.validated_data))
        if result is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(
            self.output_serializer(result, context={"request": request}).data,
            status=status.HTTP_201_CREATED if self.created else status.HTTP_200_OK,
        )


def action_schema(cls: type[ActionApi]) -> type[ActionApi]:
    """Document the POST of an ActionApi from its own serialisers."""
    code = 201 if cls.created else 200
    return extend_schema_view(
        post=extend_schema(
            request=None if cls.input_serializer is EmptyInput else cls.input_serializer,
            responses={code: cls.output_serializer},
            summary=(cls.__doc__ or cls.__name__).strip().splitlines()[0],
        )
    )(cls)
