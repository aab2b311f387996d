from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("", views.my_bookings, name="my_bookings"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<uuid:schedule_id>/<str:start>/", views.book, name="book"),
    path("<int:booking_id>/", views.booked, name="booked"),
    path("<int:booking_id>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("staff/", views.staff_day, name="staff_day"),
    path(
        "staff/sessions/<uuid:schedule_id>/<str:start>/",
        views.staff_open_register,
        name="staff_open_register",
    ),
    path("staff/register/<int:occurrence_id>/", views.staff_register, name="staff_register"),
    path(
        "staff/register/<int:occurrence_id>/attendance/",
        views.staff_attendance,
        name="staff_attendance",
    ),
    path("staff/register/<int:occurrence_id>/walk-in/", views.staff_walk_in, name="staff_walk_in"),
    path(
        "staff/register/<int:occurrence_id>/visitors/", views.staff_visitors, name="staff_visitors"
    ),
    path(
        "staff/register/<int:occurrence_id>/cancel/",
        views.staff_cancel_session,
        name="staff_cancel_session",
    ),
]
