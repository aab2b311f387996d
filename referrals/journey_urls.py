"""Making requests for support and following them (namespace `referrals`, at the site root)."""

from django.urls import path

from referrals import journey_views as views

urlpatterns = [
    # A service's settings, with the other management pages.
    path(
        "manage/services/<uuid:service_id>/requests-for-support/",
        views.intake_settings,
        name="intake_settings",
    ),
    path(
        "manage/services/<uuid:service_id>/requests-for-support/questions/add/",
        views.intake_question,
        name="intake_question_add",
    ),
    path(
        "manage/services/<uuid:service_id>/requests-for-support/questions/<int:question_id>/",
        views.intake_question,
        name="intake_question_change",
    ),
    path(
        "manage/services/<uuid:service_id>/requests-for-support/questions/<int:question_id>/remove/",
        views.intake_question_remove,
        name="intake_question_remove",
    ),
    path(
        "manage/services/<uuid:service_id>/requests-for-support/questions/<int:question_id>/move/",
        views.intake_question_move,
        name="intake_question_move",
    ),
    # A professional's referral, and the requests they sent.
    path("requests/new/", views.refer_start, name="refer_start"),
    path("requests/new/check/", views.refer_check, name="refer_check"),
    path("requests/new/no-consent/", views.no_consent, name="no_consent"),
    path("requests/new/sent/", views.refer_sent, name="refer_sent"),
    path("requests/new/<slug:slug>/", views.refer, name="refer"),
    path("services/<uuid:service_id>/refer/", views.refer_from_service, name="refer_from_service"),
    path("requests/sent/", views.sent_list, name="sent"),
    path("requests/sent/<str:reference>/", views.sent_detail, name="sent_detail"),
    path("requests/sent/<str:reference>/withdraw/", views.sent_withdraw, name="sent_withdraw"),
    # A family asking for help, and following their requests.
    path("services/<uuid:service_id>/ask-for-help/", views.ask_start, name="ask_start"),
    path("services/<uuid:service_id>/ask-for-help/card/", views.ask_for_help_card, name="ask_card"),
    path("services/<uuid:service_id>/ask-for-help/check/", views.ask_check, name="ask_check"),
    path("services/<uuid:service_id>/ask-for-help/<slug:slug>/", views.ask, name="ask"),
    path("requests/confirm/<str:token>/", views.ask_confirm, name="ask_confirm"),
    path("requests/yours/", views.yours_list, name="yours"),
    path("requests/yours/<str:reference>/", views.yours_detail, name="yours_detail"),
    path("requests/yours/<str:reference>/withdraw/", views.yours_withdraw, name="yours_withdraw"),
]
