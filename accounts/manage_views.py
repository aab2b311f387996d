"""People and their roles, managed by council editors under /manage/users/, and the page an
invitation's link opens to set a first password."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from accounts import staff_access
from accounts.forms import InviteForm, NewPasswordForm, StaffAccessForm
from accounts.middleware import two_factor_exempt
from accounts.views import landing_page, posted
from directory.manage.access import editor_required
from directory.manage.organisations import paged


@editor_required
def users(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    people = staff_access.staff_users().prefetch_related("groups")
    if query:
        people = people.filter(email__icontains=query)
    page, numbers = paged(request, people)
    role_words = {group: words.split(":")[0] for _, group, words in staff_access.ROLES}
    rows = [
        (person, [role_words[g.name] for g in person.groups.all() if g.name in role_words])
        for person in page
    ]
    return render(
        request,
        "accounts/manage/users.html",
        {"page": page, "rows": rows, "page_numbers": numbers, "query": query},
    )


@editor_required
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        staff_access.invite(form.cleaned_data["email"], form.access(), by=request.user)
        messages.success(request, f"We have sent an invitation to {form.cleaned_data['email']}.")
        return redirect("manage_users:users")
    return render(request, "accounts/manage/invite.html", {"form": form})


def _managed_person(request: HttpRequest, user_id: int):
    """Someone an editor may change: staff, never an administrator (unless they are one), never
    themselves (so nobody takes their own access away by mistake)."""
    person = get_object_or_404(staff_access.staff_users(), pk=user_id)
    if person.pk == request.user.pk or (person.is_superuser and not request.user.is_superuser):
        raise Http404
    return person


@editor_required
def change_access(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _managed_person(request, user_id)
    held = staff_access.access_of(person)
    if request.method == "POST":
        form = StaffAccessForm(request.POST)
        if form.is_valid():
            staff_access.set_access(person, form.access(), by=request.user)
            messages.success(request, f"The roles of {person.email} are saved.")
            return redirect("manage_users:users")
    else:
        form = StaffAccessForm(
            initial={
                "roles": sorted(held.roles),
                "organisations": list(held.organisations),
                "hubs": list(held.hubs),
            }
        )
    return render(request, "accounts/manage/change_access.html", {"form": form, "person": person})


@editor_required
def remove_access(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _managed_person(request, user_id)
    if request.method == "POST":
        staff_access.remove_access(person, by=request.user)
        messages.success(request, f"{person.email} no longer has staff access.")
        return redirect("manage_users:users")
    return render(request, "accounts/manage/remove_access.html", {"person": person})


@two_factor_exempt
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Set a first password from an invitation link, then on to two-factor set-up (the sign-in
    rules ask every member of staff for it before any other page)."""
    person = staff_access.invited_user(uidb64, token)
    if person is None:
        return render(request, "accounts/manage/invitation_failed.html", status=400)
    form = NewPasswordForm(person, posted(request))
    if request.method == "POST" and form.is_valid():
        staff_access.accept_invitation(person, form.cleaned_data["new_password1"])
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(landing_page(request, person))
    return render(
        request,
        "accounts/manage/accept_invitation.html",
        {"form": form, "email": person.email},
    )
