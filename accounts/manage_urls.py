"""People and roles under /manage/users/ (namespace "manage_users")."""

from django.urls import path

from accounts import manage_views

urlpatterns = [
    path("users/", manage_views.users, name="users"),
    path("users/invite/", manage_views.invite, name="invite"),
    path("users/<int:user_id>/", manage_views.change_access, name="user"),
    path("users/<int:user_id>/remove/", manage_views.remove_access, name="remove"),
]
