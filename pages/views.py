from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

# Modules of the platform that later work fills; each page says what it will hold so a
# visitor never meets a dead link.
MODULES = {
    "problems": (
        _("Problem areas"),
        _("Report poor lighting, neglected parks, missing signs and problem businesses, "
          "and follow each report to its fix."),
    ),
    "resources": (
        _("Resources"),
        _("A directory of help: mental health, daycare, abuse support, low-income housing "
          "and more."),
    ),
    "events": (
        _("Events"),
        _("Community events with your officers: barbecues, open houses, bike patrols, "
          "meetings."),
    ),
    "youth": (_("Youth"), _("School programs, mentoring and coaching, with guardian consent.")),
    "training": (
        _("Training"),
        _("What our officers are trained in: transparency, competency and bias training, "
          "published in aggregate."),
    ),
    "commitments": (
        _("Commitments"),
        _("Promises made by the police and by community partners, with their progress and "
          "evidence."),
    ),
    "trust": (
        _("Trust"),
        _("Surveys and feedback that measure trust and safety in each neighborhood."),
    ),
    "news": (_("News"), _("Announcements and everything the department and its partners offer.")),
    "dashboard": (_("Transparency"), _("A public dashboard with open data.")),
}


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"modules": MODULES})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def module(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in MODULES:
        raise Http404
    title, summary = MODULES[slug]
    return render(request, "pages/module.html", {"title": title, "summary": summary})


def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
