from django.urls import path

from campaigns import views

app_name = "campaigns"

# Fixed paths come before "<slug>/" so a campaign can never hide the news or events.
urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("news/", views.news_list, name="news"),
    path("news/feed.atom", views.news_feed, name="news_feed"),
    path("news/<slug:slug>/", views.news_detail, name="news_post"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/", views.campaign_detail, name="campaign"),
]
