"""The back office (Django's admin): for administrators and directory editors, after two-factor
sign-in. Everyone signs in on our own sign-in page; the admin's login form is never shown."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.roles import may_use_back_office


class BackOfficeSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        verified = getattr(user, "is_verified", None)
        return may_use_back_office(user) and verified is not None and verified()

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not request.user.is_authenticated:
            wanted = request.GET.get("next") or reverse("admin:index", current_app=self.name)
            return redirect_to_login(wanted, reverse("accounts:sign_in"))
        return render(request, "accounts/back_office_refused.html", status=403)
