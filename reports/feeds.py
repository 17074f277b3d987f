"""RSS and Atom feeds of reports' public timelines: one report, a neighborhood, a
category, or near a point. Entries come from public ReportUpdates only (never a private
note) and name no reporter; a blurred category's street address is left out."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from places.models import Area
from reports.models import Category, Report, ReportUpdate
from reports.validation import parse_coordinate
from reports.views.common import box_around

FEED_ITEMS = 50
MAX_RADIUS_M = 5000


def _updates() -> QuerySet[ReportUpdate]:
    return (
        ReportUpdate.objects.filter(is_public=True, report__duplicate_of__isnull=True)
        .select_related("report__category", "report__area")
        .only(
            "id", "at", "kind", "status", "public_note", "report__id", "report__address",
            "report__status", "report__category__name", "report__category__location_privacy",
            "report__area__name",
        )
        .order_by("-at", "-id")
    )


class ReportUpdatesFeed(Feed):
    """Base: subclasses define get_object, title and the updates to list."""

    description_template = "reports/feed_item.html"

    def items(self, obj: Any) -> list[ReportUpdate]:
        return list(self.updates(obj)[:FEED_ITEMS])

    def updates(self, obj: Any) -> QuerySet[ReportUpdate]:
        raise NotImplementedError

    def item_title(self, item: ReportUpdate) -> str:
        return _("#%(id)s %(category)s: %(kind)s") % {
            "id": item.report.pk,
            "category": item.report.category.name,
            "kind": item.get_kind_display(),
        }

    def item_link(self, item: ReportUpdate) -> str:
        return reverse("reports:detail", args=[item.report.pk]) + f"#update-{item.pk}"

    def item_guid(self, item: ReportUpdate) -> str:
        return f"report-update-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ReportUpdate) -> Any:
        return item.at

    def item_updateddate(self, item: ReportUpdate) -> Any:
        return item.at


class ReportFeed(ReportUpdatesFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Report:
        return get_object_or_404(Report.objects.select_related("category"), pk=pk)

    def title(self, obj: Report) -> str:
        return _("Report #%(id)s: %(category)s") % {"id": obj.pk, "category": obj.category.name}

    def link(self, obj: Report) -> str:
        return reverse("reports:detail", args=[obj.pk])

    def description(self, obj: Report) -> str:
        return _("Public updates on report #%(id)s.") % {"id": obj.pk}

    def updates(self, obj: Report) -> QuerySet[ReportUpdate]:
        return _updates().filter(report=obj)


class AreaFeed(ReportUpdatesFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Area:
        return get_object_or_404(Area, pk=pk)

    def title(self, obj: Area) -> str:
        return _("Problem reports in %(area)s") % {"area": obj.name}

    def link(self, obj: Area) -> str:
        return reverse("reports:list") + f"?area={obj.pk}"

    def description(self, obj: Area) -> str:
        return self.title(obj)

    def updates(self, obj: Area) -> QuerySet[ReportUpdate]:
        return _updates().filter(report__area=obj)


class CategoryFeed(ReportUpdatesFeed):
    def get_object(self, request: HttpRequest, code: str) -> Category:
        return get_object_or_404(Category, code=code, is_active=True)

    def title(self, obj: Category) -> str:
        return _("Problem reports: %(category)s") % {"category": obj.name}

    def link(self, obj: Category) -> str:
        return reverse("reports:list") + f"?category={obj.code}"

    def description(self, obj: Category) -> str:
        return self.title(obj)

    def updates(self, obj: Category) -> QuerySet[ReportUpdate]:
        return _updates().filter(report__category=obj)


class NearFeed(ReportUpdatesFeed):
    """Near a point: ?lat=&lon=&radius= (metres, at most 5 km). Matches on the public
    point, so a blurred report is found by its cell centre, as on the map."""

    def get_object(self, request: HttpRequest) -> dict[str, float]:
        lat = parse_coordinate(request.GET.get("lat"), low=-90, high=90)
        lon = parse_coordinate(request.GET.get("lon"), low=-180, high=180)
        radius = parse_coordinate(request.GET.get("radius", "500"), low=1, high=MAX_RADIUS_M)
        if lat is None or lon is None or radius is None:
            raise Http404(_("Give lat, lon and a radius up to 5000 metres."))
        return {"lat": lat, "lon": lon, "radius": radius}

    def title(self, obj: dict[str, float]) -> str:
        return _("Problem reports within %(m)d m of %(lat).4f, %(lon).4f") % {
            "m": obj["radius"], "lat": obj["lat"], "lon": obj["lon"],
        }

    def link(self, obj: dict[str, float]) -> str:
        return reverse("reports:map")

    def description(self, obj: dict[str, float]) -> str:
        return self.title(obj)

    def updates(self, obj: dict[str, float]) -> QuerySet[ReportUpdate]:
        # A square box on the indexed public point; close enough for a feed.
        min_lat, max_lat, min_lon, max_lon = box_around(obj["lat"], obj["lon"], obj["radius"])
        return _updates().filter(
            report__public_lat__range=(min_lat, max_lat),
            report__public_lon__range=(min_lon, max_lon),
        )


def atom(feed_class: type[ReportUpdatesFeed]) -> type[ReportUpdatesFeed]:
    return type(f"Atom{feed_class.__name__}", (feed_class,), {
        "feed_type": Atom1Feed, "subtitle": feed_class.description,
    })


report_rss, report_atom = ReportFeed(), atom(ReportFeed)()
area_rss, area_atom = AreaFeed(), atom(AreaFeed)()
category_rss, category_atom = CategoryFeed(), atom(CategoryFeed)()
near_rss, near_atom = NearFeed(), atom(NearFeed)()
