from django.urls import path

from directory.hsds import views

app_name = "hsds"
urlpatterns = [
    path("", views.root, name="root"),
    path("services", views.services, name="services"),
    path("services/<str:pk>", views.service, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:pk>", views.organization, name="organization"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:pk>", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:pk>", views.taxonomy_term, name="taxonomy_term"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    path("service_at_locations/<str:pk>", views.service_at_location, name="service_at_location"),
]
