from django.urls import path

from editorial import views

# Included at the site root (namespace "editorial"): staff pages under /manage/, and the public
# report-a-problem page beside the service page it belongs to.
urlpatterns = [
    path("manage/review/", views.review_queue, name="review_queue"),
    path("manage/review/<int:change_id>/", views.review_change, name="review_change"),
    path("manage/review/<int:change_id>/approve/", views.approve_change, name="approve"),
    path("manage/review/<int:change_id>/send-back/", views.send_back_change, name="send_back"),
    path("manage/services/<uuid:service_id>/history/", views.history, name="history"),
    path(
        "manage/services/<uuid:service_id>/history/<int:number>/restore/",
        views.restore_version,
        name="restore",
    ),
    path("manage/services/<uuid:service_id>/trust/", views.trust_organisation, name="trust"),
    path("manage/services/<uuid:service_id>/check/", views.check_listing, name="check"),
    path("manage/stale/", views.stale_listings, name="stale"),
    path("manage/problems/", views.problem_list, name="problems"),
    path("manage/problems/<int:report_id>/", views.problem_detail, name="problem"),
    path(
        "services/<uuid:service_id>/report-a-problem/",
        views.report_problem,
        name="report_problem",
    ),
    path(
        "services/<uuid:service_id>/report-a-problem/sent/",
        views.problem_reported,
        name="problem_reported",
    ),
]
