from __future__ import annotations

from django.http import FileResponse
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fundops import selectors
from fundops.api.errors import DomainError
from fundops.api.serializers import (
    DocumentOutput,
    FundOutput,
    HistoryOutput,
    OrganisationInput,
    OrganisationOutput,
    TransitionInput,
    UserOutput,
    WorkflowEventOutput,
)
from fundops.models import Document, Fund, Organisation, WorkflowEvent
from fundops.security import uploads_limited
from fundops.services.documents import document_upload
from fundops.services.organisations import (
    organisation_create,
    organisation_transition,
    organisation_update,
)
from fundops.workflow import events_for


class IsStaff(BasePermission):
    message = "This is a staff endpoint."

    def has_permission(self, request: Request, view: object) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class HasModelPermission(BasePermission):
    """The view names the permission it needs in ``required_permission``."""

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: object) -> bool:
        needed = getattr(view, "required_permission", None)
        return needed is None or request.user.has_perm(needed)


class MeApi(APIView):
    @extend_schema(responses=UserOutput)
    def get(self, request: Request) -> Response:
        return Response(UserOutput(request.user).data)


class OrganisationListApi(generics.ListAPIView):
    queryset = Organisation.objects.none()  # the schema's model; requests use get_queryset
    serializer_class = OrganisationOutput
    filterset_fields = ["status", "sector", "sub_sector"]
    search_fields = ["name", "company_number", "registered_postcode"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.organisation_list_for_user(user=self.request.user)

    @extend_schema(request=OrganisationInput, responses={201: OrganisationOutput})
    def post(self, request: Request) -> Response:
        if not request.user.has_perm("fundops.add_organisation"):
            raise DomainError(
                "Your role cannot register organisations.", code="forbidden", status=403
            )
        data = OrganisationInput(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = organisation_create(by=request.user, **data.validated_data)
        return Response(OrganisationOutput(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailApi(APIView):
    @extend_schema(responses=OrganisationOutput)
    def get(self, request: Request, pk: int) -> Response:
        organisation = selectors.organisation_get(user=request.user, pk=pk)
        return Response(OrganisationOutput(organisation).data)

    @extend_schema(request=OrganisationInput, responses=OrganisationOutput)
    def patch(self, request: Request, pk: int) -> Response:
        organisation = selectors.organisation_get(user=request.user, pk=pk)
        if request.user.is_staff and not request.user.has_perm("fundops.change_organisation"):
            raise DomainError("Your role cannot edit organisations.", code="forbidden", status=403)
        data = OrganisationInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        organisation = organisation_update(
            organisation=organisation, by=request.user, **data.validated_data
        )
        return Response(OrganisationOutput(organisation).data)


class OrganisationTransitionApi(APIView):
    @extend_schema(request=TransitionInput, responses=OrganisationOutput)
    def post(self, request: Request, pk: int) -> Response:
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = selectors.organisation_get(user=request.user, pk=pk)
        organisation = organisation_transition(
            organisation=organisation, by=request.user, **data.validated_data
        )
        return Response(OrganisationOutput(organisation).data)


class OrganisationEventsApi(APIView):
    @extend_schema(responses=WorkflowEventOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        organisation = selectors.organisation_get(user=request.user, pk=pk)
        return Response(WorkflowEventOutput(events_for(organisation), many=True).data)


class OrganisationHistoryApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(responses=HistoryOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        organisation = selectors.organisation_get(user=request.user, pk=pk)
        records = organisation.history.select_related("history_user").order_by("-history_date")
        return Response(HistoryOutput(records, many=True).data)


class FundListApi(generics.ListAPIView):
    queryset = Fund.objects.none()
    permission_classes = [IsStaff]
    serializer_class = FundOutput
    filterset_fields = ["vintage"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.fund_list(user=self.request.user)


class FundDetailApi(generics.RetrieveAPIView):
    queryset = Fund.objects.none()
    permission_classes = [IsStaff]
    serializer_class = FundOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.fund_list(user=self.request.user)


class WorkflowEventListApi(generics.ListAPIView):
    queryset = WorkflowEvent.objects.none()
    permission_classes = [IsStaff, HasModelPermission]
    required_permission = "fundops.view_workflowevent"
    serializer_class = WorkflowEventOutput
    filterset_fields = ["object_id", "to_status", "from_status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        events = selectors.workflow_event_list(user=self.request.user)
        model = self.request.query_params.get("model")
        return events.filter(content_type__model=model) if model else events


class DocumentListApi(generics.ListAPIView):
    queryset = Document.objects.none()
    serializer_class = DocumentOutput
    parser_classes = [MultiPartParser]

    class UploadInput(serializers.Serializer):
        file = serializers.FileField()
        organisation = serializers.IntegerField(
            help_text="Attach to this organisation (other records attach from their own endpoints)."
        )
        description = serializers.CharField(required=False, allow_blank=True, max_length=255)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.document_list_for_user(user=self.request.user)

    @extend_schema(request=UploadInput, responses={201: DocumentOutput})
    @method_decorator(uploads_limited)
    def post(self, request: Request) -> Response:
        data = self.UploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = selectors.organisation_get(
            user=request.user, pk=data.validated_data["organisation"]
        )
        document = document_upload(
            file=data.validated_data["file"],
            attach_to=organisation,
            by=request.user,
            description=data.validated_data.get("description", ""),
        )
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


class DocumentDownloadApi(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: int) -> FileResponse:
        document = selectors.document_get(user=request.user, pk=pk)
        return document_file_response(document)


def document_file_response(document: Document) -> FileResponse:
    """Always an attachment, with the sniffed type and nosniff: never rendered inline."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type_sniffed,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
