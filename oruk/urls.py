from django.urls import path

app_name = "oruk"

urlpatterns: list[path] = []
