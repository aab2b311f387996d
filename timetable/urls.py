from django.urls import path

app_name = "timetable"

urlpatterns: list[path] = []
