from django.contrib import admin
from django.urls import include, path

from core import brand
from core import views as core_views

admin.site.site_header = "Family Hubs back office"
admin.site.site_title = "Family Hubs back office"
admin.site.index_title = "Manage the directory, timetable and families"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("brand.css", brand.stylesheet, name="brand_css"),
    path("admin/", admin.site.urls),
    path("api/", include("oruk.urls")),
    path("account/", include("accounts.urls")),
    path("family/", include("families.urls")),
    path("bookings/", include("bookings.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("", include("timetable.urls")),
    path("", include("web.urls")),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
