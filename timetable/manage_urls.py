"""Staff pages under /manage/ for sessions, hub timetables, closures, school holidays and booking
places (namespace manage_timetable). The directory's service task list links to service_when and
service_booking."""

from django.urls import path

from bookings.manage_views import service_booking
from timetable import manage_views

urlpatterns = [
    path("services/<uuid:service_id>/when/", manage_views.service_when, name="service_when"),
    path(
        "services/<uuid:service_id>/when/add/",
        manage_views.schedule_form,
        name="schedule_add",
    ),
    path(
        "services/<uuid:service_id>/when/<uuid:schedule_id>/",
        manage_views.schedule_form,
        name="schedule_change",
    ),
    path(
        "services/<uuid:service_id>/when/<uuid:schedule_id>/remove/",
        manage_views.schedule_remove,
        name="schedule_remove",
    ),
    path("services/<uuid:service_id>/booking/", service_booking, name="service_booking"),
    path("hubs/<uuid:hub_id>/timetable/", manage_views.hub_timetable, name="hub_timetable"),
    path(
        "hubs/<uuid:hub_id>/timetable/<uuid:schedule_id>/cancel/",
        manage_views.hub_cancel_date,
        name="hub_cancel_date",
    ),
    path(
        "hubs/<uuid:hub_id>/closures/add/",
        manage_views.hub_closure_add,
        name="hub_closure_add",
    ),
    path(
        "hubs/<uuid:hub_id>/closures/<uuid:closure_id>/remove/",
        manage_views.hub_closure_remove,
        name="hub_closure_remove",
    ),
    path("school-holidays/", manage_views.school_holidays, name="school_holidays"),
    path(
        "school-holidays/<uuid:closure_id>/remove/",
        manage_views.school_holiday_remove,
        name="school_holiday_remove",
    ),
]
