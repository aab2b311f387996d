"""Editors' pages for adding services from a spreadsheet: template, upload, check, add.

Directory editors only (`directory.scopes`); for everyone else signed in, providers and hub
staff included, the pages are not there (404)."""

from functools import wraps
from uuid import UUID

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.forms import PlainErrorsMixin
from directory.models import Service
from directory.scopes import is_directory_editor
from oruk import bulk_upload

ROWS_KEY = "bulk_upload_rows"  # the checked file's rows, between checking and adding
ADDED_KEY = "bulk_upload_added"  # the ids just added, for the confirmation page


def editor_required(view):
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
        if not is_directory_editor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class UploadForm(PlainErrorsMixin, forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Save your spreadsheet as 'CSV UTF-8', smaller than 2MB.",
        error_messages={"required": "Select a CSV file"},
    )

    def clean_file(self) -> list[tuple[int, dict[str, str]]]:
        return bulk_upload.rows_with_numbers(self.cleaned_data["file"])


@editor_required
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(bulk_upload.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="services-template.csv"'
    return response


@editor_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form)
    rows = form.cleaned_data["file"]
    problems = bulk_upload.check_rows(rows).problems
    if problems:
        return _upload_page(request, form, problems)
    request.session[ROWS_KEY] = rows
    return redirect("manage_feeds:check")


def _upload_page(
    request: HttpRequest, form: UploadForm, problems: list[bulk_upload.Problem] = ()
) -> HttpResponse:
    return render(
        request,
        "oruk/manage/upload.html",
        {
            "form": form,
            "problems": problems,
            "problems_message": _problems_message(problems) if problems else "",
            "columns": bulk_upload.COLUMNS,
        },
    )


def _problems_message(problems: list[bulk_upload.Problem]) -> str:
    if any(problem.row == 0 for problem in problems):
        return (
            "The file does not match the template. Fix what is listed below, then upload it again"
        )
    rows = len({problem.row for problem in problems})
    return (
        f"{rows} {'row has' if rows == 1 else 'rows have'} problems, listed below. Fix them in "
        "your spreadsheet, then upload the file again"
    )


@editor_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    rows = request.session.get(ROWS_KEY)
    if not rows:
        return redirect("manage_feeds:upload")
    checked = bulk_upload.check_rows([(number, cells) for number, cells in rows])
    if checked.problems:  # something in the directory changed since the file was checked
        del request.session[ROWS_KEY]
        return _upload_page(request, UploadForm(), checked.problems)
    if request.method == "POST":
        added = bulk_upload.add_services(checked.services, by=request.user)
        del request.session[ROWS_KEY]
        request.session[ADDED_KEY] = [str(service.pk) for service in added]
        return redirect("manage_feeds:added")
    return render(request, "oruk/manage/check.html", {"services": checked.services})


@editor_required
def added(request: HttpRequest) -> HttpResponse:
    ids = [UUID(i) for i in request.session.get(ADDED_KEY, [])]
    if not ids:
        return redirect("manage_feeds:upload")
    services = Service.objects.filter(pk__in=ids).order_by("name")
    return render(request, "oruk/manage/added.html", {"services": services})
