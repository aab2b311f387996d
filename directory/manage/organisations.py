"""Organisations, managed by council editors: a list, and one page to add or change one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core.paging import positive_page_number
from directory.forms import OrganisationForm
from directory.manage.access import editor_required
from directory.models import Organization
from web.pagination import page_numbers

PER_PAGE = 25


def paged(request: HttpRequest, records) -> tuple:
    """One page of `records` from ?page=, and the page numbers to show; 404 past the end."""
    paginator = Paginator(records, PER_PAGE)
    number = positive_page_number(request.GET.get("page", "1"))
    if number is None or number > paginator.num_pages:
        raise Http404("No such page")
    page = paginator.page(number)
    return page, page_numbers(page.number, paginator.num_pages)


@editor_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    organisations = Organization.objects.order_by("name", "id")
    if query:
        organisations = organisations.filter(name__icontains=query)
    page, numbers = paged(request, organisations)
    return render(
        request,
        "directory/manage/organisation_list.html",
        {"page": page, "page_numbers": numbers, "query": query},
    )


@editor_required
def organisation_edit(request: HttpRequest, organisation_id=None) -> HttpResponse:
    organisation = (
        get_object_or_404(Organization, pk=organisation_id) if organisation_id else Organization()
    )
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{organisation.name} is saved.")
        return redirect("manage_directory:organisations")
    return render(
        request,
        "directory/manage/organisation_form.html",
        {"form": form, "organisation": organisation, "adding": organisation_id is None},
    )
