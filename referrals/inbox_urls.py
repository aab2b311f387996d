from django.urls import path

from referrals import inbox_views

urlpatterns = [
    path("manage/requests/", inbox_views.inbox, name="list"),
    path("manage/requests/<str:reference>/", inbox_views.request_detail, name="detail"),
    path("manage/requests/<str:reference>/notes/", inbox_views.add_note, name="add_note"),
    path("manage/requests/<str:reference>/<slug:action>/", inbox_views.act, name="act"),
]
