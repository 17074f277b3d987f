from django.http import HttpRequest, HttpResponse
from django.urls import path


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"throwaway index")


app_name = "throwaway"
urlpatterns = [path("", index, name="index")]
