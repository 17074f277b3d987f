from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from trustbeat import registry

# Modules of the platform that later work fills: (order in the menu, title, summary).
# A slug shows a placeholder page only while no installed app registers that key, so a
# visitor never meets a dead link and never a placeholder in front of a working module.
MODULES = {
    "problems": (
        20,
        _("Problem areas"),
        _("Report poor lighting, neglected parks, missing signs and problem businesses, "
          "and follow each report to its fix."),
    ),
    "resources": (
        30,
        _("Resources"),
        _("A directory of help: mental health, daycare, abuse support, low-income housing "
          "and more."),
    ),
    "events": (
        40,
        _("Events"),
        _("Community events with your officers: barbecues, open houses, bike patrols, "
          "meetings."),
    ),
    "youth": (
        60, _("Youth"), _("School programs, mentoring and coaching, with guardian consent.")
    ),
    "training": (
        70,
        _("Training"),
        _("What our officers are trained in: transparency, competency and bias training, "
          "published in aggregate."),
    ),
    "commitments": (
        80,
        _("Commitments"),
        _("Promises made by the police and by community partners, with their progress and "
          "evidence."),
    ),
    "trust": (
        90,
        _("Trust"),
        _("Surveys and feedback that measure trust and safety in each neighborhood."),
    ),
    "news": (
        100, _("News"), _("Announcements and everything the department and its partners offer.")
    ),
    "dashboard": (110, _("Transparency"), _("A public dashboard with open data.")),
}


def unregistered_modules() -> dict[str, tuple[int, Any, Any]]:
    registered = registry.registered_keys()
    return {slug: module for slug, module in MODULES.items() if slug not in registered}


def placeholder_nav() -> list[registry.NavEntry]:
    return [
        registry.NavEntry(slug, title, "pages:module", registry.everyone, order, "main", (slug,))
        for slug, (order, title, _summary) in unregistered_modules().items()
    ]


def placeholder_cards() -> list[registry.HomeCard]:
    return [
        registry.HomeCard(slug, title, summary, "pages:module", order, url_args=(slug,))
        for slug, (order, title, summary) in unregistered_modules().items()
    ]


def home(request: HttpRequest) -> HttpResponse:
    cards = sorted(
        registry.home_cards() + placeholder_cards(), key=lambda card: (card.order, card.key)
    )
    # Cards with live content (the latest reports and fixes, and later the next events
    # and open commitments) come first, under the calls to action; the others list what
    # else the platform offers.
    live = [
        {"card": card, "context": card.context(request) if card.context else {}}
        for card in cards
        if card.template
    ]
    return render(
        request,
        "pages/home.html",
        {
            "actions": registry.home_actions(),
            "live_cards": live,
            "cards": [card for card in cards if not card.template],
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def module(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in unregistered_modules():
        raise Http404
    _order, title, summary = MODULES[slug]
    return render(request, "pages/module.html", {"title": title, "summary": summary})


def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
