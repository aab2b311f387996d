from django.urls import path

app_name = "bookings"

urlpatterns: list[path] = []
