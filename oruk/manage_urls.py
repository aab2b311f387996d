from django.urls import path

from oruk import manage_views

urlpatterns = [
    path("upload/", manage_views.upload, name="upload"),
    path("upload/template.csv", manage_views.template, name="template"),
    path("upload/check/", manage_views.check, name="check"),
    path("upload/added/", manage_views.added, name="added"),
]
