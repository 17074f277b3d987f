# Temporary: replaced by the places work.
from django.urls import path

from pages import views

app_name = "places"
urlpatterns = [
    path("find/", views.home, name="find"),
    path("officers/", views.home, name="beat_team_index"),
]
