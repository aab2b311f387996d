from django.urls import path

from families import views

app_name = "families"

urlpatterns = [
    path("", views.home, name="home"),
    path("register/check/", views.register_check, name="register_check"),
    path("register/<slug:step>/", views.register_step, name="register"),
    path("you/change/", views.change_adult, name="change_adult"),
    path("home/change/", views.change_household, name="change_household"),
    path("children/add/", views.add_child, name="add_child"),
    path("children/<uuid:child_id>/change/", views.change_child, name="change_child"),
    path("children/<uuid:child_id>/born/", views.record_birth, name="record_birth"),
    path("consent/", views.consents, name="consents"),
    path("your-data/", views.your_data, name="your_data"),
    path("download/", views.download, name="download"),
    path("delete/", views.delete, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
    path("claim/<str:token>/", views.claim, name="claim"),
    path("staff/", views.staff_families, name="staff_families"),
    path("staff/register/", views.staff_register, name="staff_register"),
    path("staff/<uuid:family_id>/", views.staff_family, name="staff_family"),
    path(
        "staff/<uuid:family_id>/change/",
        views.staff_change_household,
        name="staff_change_household",
    ),
    path(
        "staff/<uuid:family_id>/children/<uuid:child_id>/born/",
        views.staff_record_birth,
        name="staff_record_birth",
    ),
    path(
        "staff/<uuid:family_id>/adults/<int:adult_id>/claim-link/",
        views.staff_send_claim_link,
        name="staff_send_claim_link",
    ),
]
