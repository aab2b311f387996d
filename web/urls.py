from django.urls import path
from django.views.generic import TemplateView

from web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("services/<uuid:service_id>/", views.service_detail, name="service"),
    path("your-list/", views.shortlist_page, name="shortlist"),
    path("your-list/add/<uuid:service_id>/", views.shortlist_add, name="shortlist_add"),
    path("your-list/remove/<uuid:service_id>/", views.shortlist_remove, name="shortlist_remove"),
    path("your-list/email/", views.shortlist_email, name="shortlist_email"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="web/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="web/cookies.html"), name="cookies"),
    path("contact/", TemplateView.as_view(template_name="web/contact.html"), name="contact"),
]
