"""The directory's management pages, under /manage/ (namespace "manage_directory")."""

from django.urls import path, register_converter

from directory.manage import organisations, places, services
from directory.manage.sections import SECTIONS


class SectionConverter:
    """Only the task list's own sections: other apps' pages under /manage/services/<id>/
    (history, booking, where and when) are never taken for one."""

    regex = "|".join(section.slug for section in SECTIONS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SectionConverter, "section")

urlpatterns = [
    path("", services.service_list, name="services"),
    path("services/add/", services.add_service, name="add_service"),
    path("services/<uuid:service_id>/", services.service_tasks, name="service"),
    path("services/<uuid:service_id>/publish/", services.publish_service, name="publish"),
    path(
        "services/<uuid:service_id>/<section:section>/",
        services.section_start,
        name="service_section",
    ),
    path(
        "services/<uuid:service_id>/<section:section>/check-answers/",
        services.section_check,
        name="service_check",
    ),
    path(
        "services/<uuid:service_id>/<section:section>/<slug:question>/",
        services.section_question,
        name="service_question",
    ),
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/add/", organisations.organisation_edit, name="add_organisation"),
    path(
        "organisations/<uuid:organisation_id>/",
        organisations.organisation_edit,
        name="organisation",
    ),
    path("places/", places.location_list, name="locations"),
    path("places/add/", places.location_edit, name="add_location"),
    path("places/<uuid:location_id>/", places.location_edit, name="location"),
]
