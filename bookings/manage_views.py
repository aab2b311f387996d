"""The booking question page for a service, for council editors and hub staff (under /manage/)."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from bookings.booking_settings import current_answers, save_booking_answers
from bookings.manage_forms import BookingSettingsForm
from timetable import access
from timetable.manage_views import hub_to_return_to, staff_sign_in_required


@staff_sign_in_required
@require_http_methods(["GET", "POST"])
def service_booking(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = get_object_or_404(access.booking_services_for(request.user), pk=service_id)
    hub_id = hub_to_return_to(request)
    form = BookingSettingsForm(request.POST or None, initial=current_answers(service))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_booking_answers(
            service,
            bookable=data["bookable"] == "yes",
            capacity=data.get("capacity"),
            places_counted_per=data.get("places_counted_per") or "child",
            has_waiting_list=data.get("has_waiting_list") != "no",
            booking_closes_hours_before=data.get("booking_closes_hours_before") or 0,
        )
        messages.success(request, "Booking saved")
        if hub_id:
            return redirect("manage_timetable:hub_timetable", hub_id=hub_id)
        return redirect("manage_timetable:service_when", service_id=service.pk)
    return render(
        request,
        "bookings/manage/booking.html",
        {"service": service, "form": form, "hub_id": hub_id},
        status=400 if form.is_bound and form.errors else 200,
    )
