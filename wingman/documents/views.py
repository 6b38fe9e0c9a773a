"""Documents pages: a client's documents, uploading one, downloading one (a read of the client's
record, audited like any other) and removing one."""

import logging

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required, show_service_error
from wingman.people.models import Client

from . import services
from .forms import DocumentRemoveForm, DocumentUploadForm
from .models import Document
from .selectors import documents_of

logger = logging.getLogger(__name__)
GONE = "This document has been removed"


def _list_url(client_id: int) -> str:
    return reverse("documents:list", args=[client_id])


def file_response(document: Document) -> FileResponse:
    """The document's file as an attachment of its own type, never shown in the browser."""
    if document.is_removed or not document.file.name:
        raise Http404(GONE)
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        # The record is there and its file is not: never silent, the service's log says so.
        logger.error("Document %s has no file at %s", document.pk, document.file.name)
        raise Http404(GONE) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@role_required(permissions.works_with_clients)
@require_GET
def document_list(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    context = {
        "client": client,
        "documents": documents_of(request.user, client),
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "documents/document_list.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document, created = services.document_upload(
                actor=actor_of(request),
                client=client,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Document uploaded: {document}" if created else f"Already uploaded: {document}",
            )
            return redirect(_list_url(client.pk))
    context = {
        "form": form,
        "client": client,
        "heading": "Upload a document",
        "back_url": _list_url(client.pk),
        "submit": "Upload document",
    }
    return render(request, "documents/upload.html", context)


@role_required(permissions.works_with_clients)
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = access_object(Document, request.user, pk)
    return file_response(document)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = access_object(
        Document, request.user, pk, queryset=Document.objects.select_related("client")
    )
    if document.is_removed:
        messages.info(request, f"{GONE}: {document}")
        return redirect(_list_url(document.client_id))
    form = DocumentRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_remove(
                actor=actor_of(request), document=document, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Document removed: {document}")
            return redirect(_list_url(document.client_id))
    context = {
        "form": form,
        "client": document.client,
        "document": document,
        "heading": "Remove a document",
        "back_url": _list_url(document.client_id),
        "submit": "Remove document",
        "intro": f"“{document}” will be removed and its file deleted. The record that it was "
        "uploaded, and who removed it, stays on the client's record.",
    }
    return render(request, "casework/form_page.html", context)
