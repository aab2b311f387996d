"""Management pages for campaigns, their events and news, under /manage/campaigns/
(namespace manage_campaigns)."""

from django.urls import path

from campaigns import manage_views

urlpatterns = [
    path("campaigns/", manage_views.campaign_list, name="campaigns"),
    path("campaigns/add/", manage_views.campaign_edit, name="add_campaign"),
    path("campaigns/news/", manage_views.news_list, name="news"),
    path("campaigns/news/add/", manage_views.news_edit, name="add_news_post"),
    path("campaigns/news/<uuid:post_id>/", manage_views.news_edit, name="news_post"),
    path("campaigns/<uuid:campaign_id>/", manage_views.campaign_edit, name="campaign"),
    path(
        "campaigns/<uuid:campaign_id>/events/add/",
        manage_views.event_edit,
        name="add_event",
    ),
    path(
        "campaigns/<uuid:campaign_id>/events/<uuid:event_id>/",
        manage_views.event_edit,
        name="event",
    ),
]
