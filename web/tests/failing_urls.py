"""A URL that fails on purpose, to see the 500 page as a visitor would."""

from django.urls import include, path


def fail(request):
    raise RuntimeError("Deliberate failure for the 500 page test")


urlpatterns = [path("fail/", fail), path("", include("familyhubs.urls"))]
handler500 = "core.views.server_error"
