from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="index"),
    path("<slug:name>/", views.report_page, name="report"),
    path("<slug:name>/download.csv", views.report_download, {"file_format": "csv"}, name="csv"),
    path("<slug:name>/download.xlsx", views.report_download, {"file_format": "xlsx"}, name="xlsx"),
]
