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
    # Management pages live with the app that owns the data, all under /manage/.
    path("manage/", include(("directory.manage_urls", "manage_directory"))),
    path("manage/", include(("timetable.manage_urls", "manage_timetable"))),
    path("manage/", include(("oruk.manage_urls", "manage_feeds"))),
    path("manage/", include(("accounts.manage_urls", "manage_users"))),
    path("manage/", include(("campaigns.manage_urls", "manage_campaigns"))),
    path("reports/", include("reports.urls")),
    path("", include(("editorial.urls", "editorial"))),
    path("", include(("referrals.inbox_urls", "referral_inbox"))),
    path("", include(("referrals.journey_urls", "referrals"))),
    path("", include("timetable.urls")),
    path("", include("web.urls")),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
