from django.urls import path, re_path

from timetable import views

app_name = "timetable"

urlpatterns = [
    path("whats-on", views.whats_on, name="whats_on"),
    path("hubs/", views.hubs, name="hubs"),
    path("hubs/<slug:slug>/", views.hub, name="hub"),
    # A session is named by its schedule and its local start, e.g. .../2025-06-13T1000.ics
    re_path(
        r"^calendar/sessions/(?P<schedule_id>[0-9a-f-]{36})/(?P<starts>\d{4}-\d{2}-\d{2}T\d{4})\.ics$",
        views.occurrence_ics,
        name="occurrence_ics",
    ),
    path("calendar/services/<uuid:service_id>.ics", views.service_ics, name="service_ics"),
    path("calendar/hubs/<slug:slug>.ics", views.hub_feed, name="hub_feed"),
]
