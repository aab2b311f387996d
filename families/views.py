"""Pages for a family's record: the parent's own pages, and hub staff's scoped pages.

Views stay thin: who may see what is in families.selectors, changes in families.services.
Every staff read or change is written to the audit log.
"""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import destinations
from accounts.roles import staff_hubs
from accounts.views import SIGN_IN_URL, parent_login_required, posted
from audit.services import record, record_each
from core.ratelimit import rate_limited
from families import selectors, services
from families.data_download import readable_sections
from families.forms import (
    AdultForm,
    BirthForm,
    ChildForm,
    ConsentForm,
    DeleteAccountForm,
    FamilySearchForm,
    HouseholdForm,
    StaffConsentForm,
)
from families.models import Consent, Family

REGISTRATION_STEPS = {
    "about-you": (AdultForm, "About you"),
    "child": (ChildForm, "Your child or baby"),
    "home": (HouseholdForm, "Your home and family hub"),
}
DRAFT_KEY = "family_registration"
# Where to go once registered (say, back to booking a session): a safe path, kept server-side.
NEXT_KEY = "family_registration_next"
SEARCH_KEY = "staff_family_search"
# The family staff registered last and the page they came from (say, a session's register,
# which then shows the family ready to check in).
JUST_REGISTERED_KEY = "staff_just_registered_family"


def parent_family_required(view):
    """Signed-in parent with a family record: passes it to the view; else to registration."""

    @parent_login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        family = selectors.family_for_user(request.user)
        if family is None:
            return redirect("families:home")
        return view(request, family, *args, **kwargs)

    return wrapper


def own_family_record(view):
    """A parent's page naming one of their family's records by id. Anyone with no family of
    their own gets a 404, as for another family's id: never a prompt to register."""

    @parent_login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        family = selectors.family_for_user(request.user)
        if family is None:
            raise Http404
        return view(request, family, *args, **kwargs)

    return wrapper


def hub_staff_required(view):
    """Staff working at a hub; for everyone else signed in the page is not there (404)."""

    @parent_login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not staff_hubs(request.user).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def form_page(request, template_name="families/form_page.html", **context) -> HttpResponse:
    return render(request, template_name, context)


# The parent's pages ---------------------------------------------------------------------


@parent_login_required
@never_cache
def home(request: HttpRequest) -> HttpResponse:
    family = selectors.family_for_user(request.user)
    if family is None:
        return render(request, "families/start.html", {"next": destinations.requested(request)})
    family = (
        Family.objects.select_related("hub")
        .prefetch_related("adults", "children", "consents")
        .get(pk=family.pk)
    )
    return render(request, "families/family.html", {"family": family})


@parent_login_required
@never_cache
def register_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in REGISTRATION_STEPS:
        raise Http404
    if selectors.family_for_user(request.user) is not None:
        return redirect("families:home")
    form_class, title = REGISTRATION_STEPS[step]
    draft = request.session.get(DRAFT_KEY, {})
    if next_path := destinations.requested(request):
        request.session[NEXT_KEY] = next_path
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            draft[step] = {name: request.POST.getlist(name) for name in request.POST}
            draft[step].pop("csrfmiddlewaretoken", None)
            request.session[DRAFT_KEY] = draft
            return redirect(_next_registration_page(step, draft))
    elif step in draft:
        form = form_class(_query_dict(draft[step]))
    else:
        initial = {"email": request.user.email} if step == "about-you" else None
        form = form_class(initial=initial)
    steps = list(REGISTRATION_STEPS)
    back = (
        reverse("families:register", args=[steps[steps.index(step) - 1]])
        if step != steps[0]
        else reverse("families:home")
    )
    return form_page(
        request,
        form=form,
        title=title,
        caption="Register your family",
        button="Continue",
        back_url=back,
    )


def _query_dict(saved: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in saved.items():
        data.setlist(name, values)
    return data


def _bound_registration_forms(draft: dict) -> dict:
    return {
        step: form_class(_query_dict(draft[step])) if step in draft else None
        for step, (form_class, _title) in REGISTRATION_STEPS.items()
    }


def _next_registration_page(step: str, draft: dict) -> str:
    for candidate in REGISTRATION_STEPS:
        if candidate not in draft:
            return reverse("families:register", args=[candidate])
    return reverse("families:register_check")


@parent_login_required
@never_cache
def register_check(request: HttpRequest) -> HttpResponse:
    if selectors.family_for_user(request.user) is not None:
        return redirect("families:home")
    forms = _bound_registration_forms(request.session.get(DRAFT_KEY, {}))
    for step, form in forms.items():
        # A missing or no-longer-valid answer (say, a hub that closed) is asked again.
        if form is None or not form.is_valid():
            return redirect("families:register", step)
    consent_form = ConsentForm(posted(request))
    if request.method == "POST" and consent_form.is_valid():
        services.register_family(
            adult=_model_data(forms["about-you"]),
            child=_model_data(forms["child"]),
            household=_model_data(forms["home"]),
            wants_updates=consent_form.cleaned_data["updates"],
            user=request.user,
        )
        del request.session[DRAFT_KEY]
        messages.success(request, "Your family is registered with the family hub.")
        return redirect(request.session.pop(NEXT_KEY, "") or "families:home")
    return render(
        request,
        "families/register_check.html",
        {
            "form": consent_form,
            "adult": forms["about-you"].cleaned_data,
            "child": forms["child"].cleaned_data,
            "household": forms["home"].cleaned_data,
            "privacy_notice_version": services.privacy_notice_version(),
        },
    )


def _model_data(form) -> dict:
    """A model form's answers that are stored on its model (not helper questions like 'born')."""
    stored = {field.name for field in form._meta.model._meta.concrete_fields}
    return {name: form.cleaned_data[name] for name in form._meta.fields if name in stored}


@parent_family_required
def change_adult(request: HttpRequest, family: Family) -> HttpResponse:
    adult = get_object_or_404(family.adults, user=request.user)
    form = AdultForm(posted(request), instance=adult)
    if request.method == "POST" and form.is_valid():
        services.save_changes(
            form.save(commit=False), form.changed_data, family=family, by=request.user
        )
        messages.success(request, "Your details are updated.")
        return redirect("families:home")
    return form_page(
        request, form=form, title="Your details", button="Save", back_url=reverse("families:home")
    )


@parent_family_required
def change_household(request: HttpRequest, family: Family) -> HttpResponse:
    form = HouseholdForm(posted(request), instance=family)
    if request.method == "POST" and form.is_valid():
        services.save_changes(
            form.save(commit=False), form.changed_data, family=family, by=request.user
        )
        messages.success(request, "Your family's details are updated.")
        return redirect("families:home")
    return form_page(
        request,
        form=form,
        title="Your home and family hub",
        button="Save",
        back_url=reverse("families:home"),
    )


@parent_family_required
def add_child(request: HttpRequest, family: Family) -> HttpResponse:
    form = ChildForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.add_child(family, form.save(commit=False), by=request.user)
        messages.success(request, "The child is added.")
        # Back to where the parent came from (say, a session to book), if that is on this site.
        return redirect(destinations.requested(request) or "families:home")
    return form_page(
        request,
        form=form,
        title="Add a child or baby",
        button="Add",
        back_url=reverse("families:home"),
    )


@own_family_record
def change_child(request: HttpRequest, family: Family, child_id) -> HttpResponse:
    child = get_object_or_404(family.children, pk=child_id)
    form = ChildForm(posted(request), instance=child)
    if request.method == "POST" and form.is_valid():
        services.save_changes(
            form.save(commit=False), form.changed_data, family=family, by=request.user
        )
        messages.success(request, "The child's details are updated.")
        return redirect("families:home")
    return form_page(
        request,
        form=form,
        title="Change a child's details",
        button="Save",
        back_url=reverse("families:home"),
    )


@own_family_record
def record_birth(request: HttpRequest, family: Family, child_id) -> HttpResponse:
    child = get_object_or_404(family.children, pk=child_id, date_of_birth__isnull=True)
    return _record_birth(request, child, done_url=reverse("families:home"))


def _record_birth(request: HttpRequest, child, done_url: str) -> HttpResponse:
    form = BirthForm(posted(request), child=child)
    if request.method == "POST" and form.is_valid():
        services.record_birth(child, by=request.user, **form.cleaned_data)
        messages.success(request, "The baby's birth is recorded. Congratulations!")
        return redirect(done_url)
    return form_page(
        request, form=form, title="The baby has arrived", button="Save", back_url=done_url
    )


@parent_family_required
def consents(request: HttpRequest, family: Family) -> HttpResponse:
    if request.method == "POST":
        updates = services.active_consent(family, Consent.Purpose.UPDATES)
        if request.POST.get("updates") == "stop" and updates is not None:
            services.withdraw_consent(updates, by=request.user)
            messages.success(request, "We will not send you news about sessions and events.")
        elif request.POST.get("updates") == "start" and updates is None:
            services.give_consent(family, Consent.Purpose.UPDATES, by=request.user, in_person=False)
            messages.success(request, "We will send you news about sessions and events.")
        return redirect("families:consents")
    return render(
        request,
        "families/consents.html",
        {
            "consents": family.consents.all(),
            "updates": services.active_consent(family, Consent.Purpose.UPDATES),
        },
    )


@parent_family_required
def your_data(request: HttpRequest, family: Family) -> HttpResponse:
    """Everything we hold about the family, as a page a person reads (and can print or save)."""
    record(request.user, "download", family, detail="page")
    sections = readable_sections(selectors.family_export(family))
    return render(request, "families/your_data.html", {"sections": sections})


@parent_family_required
def download(request: HttpRequest, family: Family) -> HttpResponse:
    record(request.user, "download", family)
    response = HttpResponse(
        json.dumps(selectors.family_export(family), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="our-family-hub-data.json"'
    return response


@parent_family_required
def delete(request: HttpRequest, family: Family) -> HttpResponse:
    """Asks the parent to confirm, then deletes everything and emails them that it is done."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.delete_own_account(family, request.user)
        logout(request)
        return redirect("families:deleted")
    return render(request, "families/delete.html", {"form": form})


def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "families/deleted.html")


@never_cache
def claim(request: HttpRequest, token: str) -> HttpResponse:
    adult = services.adult_to_claim(token)
    if adult is None:
        return render(request, "families/claim_failed.html", status=400)
    if not request.user.is_authenticated:
        return render(
            request,
            "families/claim_sign_in.html",
            {"sign_in_url": f"{SIGN_IN_URL}?next={request.path}"},
        )
    # The wrong account is told before any form, and shown nothing of the family.
    refusal = services.claim_refusal(adult, request.user)
    if refusal is not None:
        return render(
            request, "families/claim_wrong_account.html", {"refusal": refusal.value}, status=403
        )
    if request.method == "POST" and services.claim_family(adult, request.user):
        messages.success(request, "Your family's details are now in your account.")
        return redirect("families:home")
    return render(request, "families/claim.html")


# Hub staff pages ------------------------------------------------------------------------


def _staff_family(request: HttpRequest, family_id) -> Family:
    """A family this member of staff may see (else 404: a tampered id shows nothing)."""
    return get_object_or_404(selectors.families_visible_to(request.user), pk=family_id)


@hub_staff_required
@rate_limited("search")
def staff_families(request: HttpRequest) -> HttpResponse:
    # A search holds names, so it is POSTed and kept in the session, never put in the URL
    # (where it would reach access logs and browser history).
    if request.method == "POST":
        search = FamilySearchForm(request.POST)
        if search.is_valid():
            request.session[SEARCH_KEY] = search.cleaned_data["q"].strip()
            return redirect("families:staff_families")
    else:
        search = FamilySearchForm(initial={"q": request.session.get(SEARCH_KEY, "")})
    query = request.session.get(SEARCH_KEY, "")
    page = Paginator(selectors.staff_family_list(request.user, query), 25).get_page(
        request.GET.get("page")
    )
    # Names on a list are a read too: one audit row per family shown.
    record_each(request.user, "view in list", list(page.object_list))
    return render(
        request, "families/staff_families.html", {"page": page, "form": search, "query": query}
    )


@hub_staff_required
def staff_register(request: HttpRequest) -> HttpResponse:
    """Register a family in person; opened from a register (`next`), go back to it after."""
    hubs = staff_hubs(request.user)
    back = destinations.requested(request)
    data = posted(request)
    adult_form = AdultForm(data, prefix="adult")
    child_form = ChildForm(data, prefix="child")
    household_form = HouseholdForm(data, prefix="home", hubs=hubs)
    consent_form = StaffConsentForm(data, prefix="consent")
    forms = [adult_form, child_form, household_form, consent_form]
    if request.method == "POST" and all([form.is_valid() for form in forms]):
        family = services.register_family(
            adult=_model_data(adult_form),
            child=_model_data(child_form),
            household=_model_data(household_form),
            wants_updates=consent_form.cleaned_data["updates"],
            staff=request.user,
        )
        adult = family.adults.get()
        if adult.email:
            services.send_claim_email(adult, by=request.user)
        messages.success(request, "The family is registered.")
        request.session[JUST_REGISTERED_KEY] = {"family": str(family.pk), "from": back}
        return redirect(back or reverse("families:staff_family", args=[family.pk]))
    return render(
        request,
        "families/staff_register.html",
        {
            "adult_form": adult_form,
            "child_form": child_form,
            "household_form": household_form,
            "consent_form": consent_form,
            "forms": forms,
            "privacy_notice_version": services.privacy_notice_version(),
            "back": back,
        },
    )


@hub_staff_required
def staff_family(request: HttpRequest, family_id) -> HttpResponse:
    family = _staff_family(request, family_id)
    record(request.user, "view", family)
    family = (
        Family.objects.select_related("hub")
        .prefetch_related("adults", "children", "consents")
        .get(pk=family.pk)
    )
    return render(request, "families/staff_family.html", {"family": family})


@hub_staff_required
def staff_change_household(request: HttpRequest, family_id) -> HttpResponse:
    family = _staff_family(request, family_id)
    record(request.user, "view", family, detail="change form")
    form = HouseholdForm(posted(request), instance=family, hubs=staff_hubs(request.user))
    done_url = reverse("families:staff_family", args=[family.pk])
    if request.method == "POST" and form.is_valid():
        services.save_changes(
            form.save(commit=False), form.changed_data, family=family, by=request.user
        )
        messages.success(request, "The family's details are updated.")
        return redirect(done_url)
    return form_page(
        request, form=form, title="Home and family hub", button="Save", back_url=done_url
    )


@hub_staff_required
def staff_record_birth(request: HttpRequest, family_id, child_id) -> HttpResponse:
    family = _staff_family(request, family_id)
    child = get_object_or_404(family.children, pk=child_id, date_of_birth__isnull=True)
    return _record_birth(
        request, child, done_url=reverse("families:staff_family", args=[family.pk])
    )


@hub_staff_required
@require_POST
@rate_limited("claim_link")
def staff_send_claim_link(request: HttpRequest, family_id, adult_id: int) -> HttpResponse:
    family = _staff_family(request, family_id)
    adult = get_object_or_404(family.adults, pk=adult_id, user__isnull=True)
    if adult.email:
        services.send_claim_email(adult, by=request.user)
        messages.success(request, "We have emailed the parent a link to their family's details.")
    return redirect("families:staff_family", family.pk)
