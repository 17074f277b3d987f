from django.urls import path

from places import views

app_name = "places"
urlpatterns = [
    path("", views.area_list, name="area_list"),
    path("find/", views.find, name="find"),
    path("officers/", views.beat_team_index, name="beat_team_index"),
    path("lookup.json", views.lookup_json, name="lookup"),
    path("<str:level>/<slug:slug>/", views.area_detail, name="area"),
]
