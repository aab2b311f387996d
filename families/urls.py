from django.urls import path

app_name = "families"

urlpatterns: list[path] = []
