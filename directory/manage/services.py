"""Management pages for services: the list, adding one, its task list, each section's question
pages and check answers, and publishing. Every page finds the service through
`directory.scopes.services_for`, so another organisation's service is not found (404)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.paging import positive_page_number
from core.questions import Journey, as_query_dict, question_page
from directory import listing
from directory.forms import DetailsForm
from directory.manage.access import directory_manager_required, url_if_built
from directory.manage.sections import (
    SECTIONS,
    SECTIONS_BY_SLUG,
    Section,
    display_value,
    form_kwargs,
    is_spare_row,
    published_status,
    ready_to_publish,
    written,
)
from directory.models import Service
from directory.scopes import is_directory_editor, organisations_for, services_for
from web.pagination import page_numbers

SERVICES_PER_PAGE = 20

OUTCOME_MESSAGES = {
    listing.PUBLISHED: "Your changes are published.",
    listing.WAITING_FOR_REVIEW: (
        "Your changes are waiting for review. Parents see the published listing until a council "
        "editor approves them."
    ),
    listing.DRAFT: "Your changes are saved. Parents cannot see this service until it is published.",
}


def _service(request: HttpRequest, service_id) -> Service:
    return get_object_or_404(
        services_for(request.user).select_related("organization"), pk=service_id
    )


def _section(slug: str) -> Section:
    if slug not in SECTIONS_BY_SLUG:
        raise Http404
    return SECTIONS_BY_SLUG[slug]


def _journey(request: HttpRequest, service: Service, section: Section, snapshot: dict) -> Journey:
    """A section's questions, each form starting from the listing as it is (a saved answer, or
    what is typed on the page, comes first)."""
    kwargs = form_kwargs(snapshot, organisations_for(request.user))
    for slug, raw in section.answers_from(snapshot).items():
        kwargs.setdefault(slug, {})["initial"] = {
            name: values[0] if len(values) == 1 else values for name, values in raw.items()
        }
    return Journey(
        request.session,
        f"service:{service.pk}:{section.slug}",
        section.questions,
        question_url=lambda slug: reverse(
            "manage_directory:service_question", args=[service.pk, section.slug, slug]
        ),
        check_url=reverse("manage_directory:service_check", args=[service.pk, section.slug]),
        start_url=reverse("manage_directory:service", args=[service.pk]),
        form_kwargs=kwargs,
    )


@directory_manager_required
def service_list(request: HttpRequest) -> HttpResponse:
    """The services this person may edit, found by name, a page at a time."""
    query = request.GET.get("q", "").strip()[:100]
    services = services_for(request.user).select_related("organization").order_by("name", "id")
    if query:
        services = services.filter(name__icontains=query)
    paginator = Paginator(services, SERVICES_PER_PAGE)
    number = positive_page_number(request.GET.get("page", "1"))
    if number is None or number > paginator.num_pages:
        raise Http404("No such page of services")
    page = paginator.page(number)
    return render(
        request,
        "directory/manage/service_list.html",
        {
            "page": page,
            "page_numbers": page_numbers(page.number, paginator.num_pages),
            "query": query,
            "editor": is_directory_editor(request.user),
            "review_queue_url": url_if_built("editorial:review_queue")
            if is_directory_editor(request.user)
            else "",
        },
    )


@directory_manager_required
def add_service(request: HttpRequest) -> HttpResponse:
    """Start a new listing: its details, then the task list. It stays a draft (nobody but
    its editors sees it) until it is published."""
    form = DetailsForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        snapshot = listing.empty_snapshot()
        SECTIONS_BY_SLUG["details"].write(snapshot, {"details": form.cleaned_data})
        service = listing.apply_listing(
            Service(status=Service.Status.INACTIVE), snapshot, request.user
        )
        messages.success(
            request, "Service added as a draft. Answer the rest of its questions, then publish it."
        )
        return redirect("manage_directory:service", service.pk)
    return render(request, "directory/manage/add_service.html", {"form": form})


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    complete: bool | None  # None: its status is shown on its own pages
    required: bool = True


def _tasks(service: Service, snapshot: dict) -> list[Task]:
    tasks = [
        Task(
            section.title,
            reverse("manage_directory:service_section", args=[service.pk, section.slug]),
            section.is_complete(snapshot),
            section.required,
        )
        for section in SECTIONS
    ]
    # Where and when it runs, and booking, are the timetable's pages.
    for title, name in (
        ("Where and when it runs", "manage_timetable:service_when"),
        ("Booking", "manage_timetable:service_booking"),
    ):
        if url := url_if_built(name, service.pk):
            tasks.append(Task(title, url, None, required=False))
    return tasks


@directory_manager_required
def service_tasks(request: HttpRequest, service_id) -> HttpResponse:
    service = _service(request, service_id)
    snapshot = listing.current_snapshot(service)
    status = listing.listing_status(service)
    tasks = _tasks(service, snapshot)
    return render(
        request,
        "directory/manage/service_tasks.html",
        {
            "service": service,
            "name": snapshot["service"]["name"],
            "status": status,
            "pending": listing.pending_change(service),
            "tasks": tasks,
            "completed": sum(1 for task in tasks if task.complete),
            "counted": sum(1 for task in tasks if task.complete is not None),
            "ready": ready_to_publish(snapshot),
            "may_publish": status in (listing.DRAFT, listing.SENT_BACK)
            and listing.is_draft(service),
            "editor": is_directory_editor(request.user),
            "history_url": url_if_built("editorial:history", service.pk),
            "public_url": ""
            if listing.is_draft(service)
            else reverse("web:service", args=[service.pk]),
        },
    )


@directory_manager_required
def section_start(request: HttpRequest, service_id, section: str) -> HttpResponse:
    """Open a section from the task list: its answers start from the listing as it is now.
    A section already answered opens on its check answers page, else on its first question."""
    service = _service(request, service_id)
    chosen = _section(section)
    snapshot = listing.current_snapshot(service)
    journey = _journey(request, service, chosen, snapshot)
    journey.clear()
    # Answers the listing already gives in full count as answered; the rest are asked, starting
    # from what the listing holds, without an error before anything is typed.
    for slug, answer in chosen.answers_from(snapshot).items():
        data = as_query_dict(answer)
        if journey.form(slug, data).is_valid():
            journey.save(slug, data)
    if chosen.is_complete(snapshot) and journey.incomplete() is None:
        return redirect(journey.check_url)
    return redirect(journey.url(chosen.questions[0].slug))


@directory_manager_required
def section_question(request: HttpRequest, service_id, section: str, question: str) -> HttpResponse:
    service = _service(request, service_id)
    chosen = _section(section)
    journey = _journey(request, service, chosen, listing.current_snapshot(service))
    return question_page(
        request,
        journey,
        question,
        template_name="directory/manage/question.html",
        context={"service": service, "section": chosen},
    )


@directory_manager_required
def section_check(request: HttpRequest, service_id, section: str) -> HttpResponse:
    """Check answers for one section; saving goes through the one listing change function."""
    service = _service(request, service_id)
    chosen = _section(section)
    snapshot = listing.current_snapshot(service)
    journey = _journey(request, service, chosen, snapshot)
    if (missing := journey.incomplete()) is not None:
        return redirect(journey.url(missing.slug))
    answers = journey.answers()
    if request.method == "POST":
        try:
            outcome = listing.save_listing_change(
                service, request.user, written(chosen, snapshot, answers)
            )
        except listing.ListingChangeRefused as refused:
            messages.error(request, str(refused))
            return redirect("manage_directory:service", service.pk)
        journey.clear()
        messages.success(request, OUTCOME_MESSAGES[outcome])
        return redirect("manage_directory:service", service.pk)
    rows = []
    for question in journey.applicable(answers):
        form = journey.form(question.slug)
        form.is_valid()
        rows.extend(
            {
                "label": field.label,
                "value": display_value(field, form.cleaned_data.get(field.name)),
                "change_url": journey.change_url(question.slug),
            }
            for field in form.visible_fields()
            if not is_spare_row(field, form.cleaned_data.get(field.name))
        )
    return render(
        request,
        "directory/manage/check_answers.html",
        {
            "service": service,
            "section": chosen,
            "rows": rows,
            "back_url": journey.url(chosen.questions[-1].slug),
            "publishes": not listing.is_draft(service),
        },
    )


@require_POST
@directory_manager_required
def publish_service(request: HttpRequest, service_id) -> HttpResponse:
    """Make a draft public: at once for editors, after review for provider users."""
    service = _service(request, service_id)
    snapshot = listing.current_snapshot(service)
    if not ready_to_publish(snapshot):
        messages.error(request, "Complete every required section before publishing.")
        return redirect("manage_directory:service", service.pk)
    try:
        outcome = listing.save_listing_change(service, request.user, published_status(snapshot))
    except listing.ListingChangeRefused as refused:
        messages.error(request, str(refused))
        return redirect("manage_directory:service", service.pk)
    messages.success(
        request,
        "The service is published: parents can find it now."
        if outcome == listing.PUBLISHED
        else OUTCOME_MESSAGES[outcome],
    )
    return redirect("manage_directory:service", service.pk)
