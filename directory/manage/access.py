"""Who may open the directory's management pages, checked the same way on every one."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from directory.scopes import is_directory_editor, may_manage_directory


def _guarded(allowed: Callable[[object], bool]):
    def decorator(view):
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
            if not allowed(request.user):
                raise Http404  # the same answer as for a record that does not exist
            return view(request, *args, **kwargs)

        return guarded

    return decorator


# Editors and provider users; each page then narrows what it shows through directory.scopes.
directory_manager_required = _guarded(may_manage_directory)
# Council editors only: organisations, places and people.
editor_required = _guarded(is_directory_editor)


def url_if_built(name: str, *args) -> str:
    """The address of a page another part of the product provides, or "" while it does not
    exist yet (so a link to it is left out rather than broken)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
