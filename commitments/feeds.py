"""RSS and Atom feeds: the history of one commitment, and the board's latest changes.

Entries are the public history (`Change`) — what changed, never who beyond a staff
member's display name — with milestones' text. Text passes through `xml_safe`, so a
character XML cannot carry never breaks a feed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from commitments.history import history_rows
from commitments.models import Change, Commitment
from commitments.queries import access_commitment
from trustbeat.lib.text import xml_safe

FEED_ITEMS = 50


def _changes() -> QuerySet[Change]:
    return (Change.objects.filter(commitment__is_public=True)
            .select_related("commitment__status").order_by("-at", "-id"))


def describe_change(change: Change) -> str:
    parts = [f"{label}: {after}" for label, _before, after in history_rows(change)]
    return xml_safe("; ".join(parts))


class ChangesFeed(Feed):
    def items(self, obj: Any) -> list[Change]:
        return list(self.changes(obj)[:FEED_ITEMS])

    def changes(self, obj: Any) -> QuerySet[Change]:
        raise NotImplementedError

    def item_title(self, item: Change) -> str:
        return xml_safe(f"{item.commitment.title}: {item.get_kind_display()}")

    def item_description(self, item: Change) -> str:
        return describe_change(item)

    def item_link(self, item: Change) -> str:
        return reverse("commitments:detail", args=[item.commitment_id]) + "#history-heading"

    def item_guid(self, item: Change) -> str:
        return f"commitment-change-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Change) -> Any:
        return item.at

    def item_updateddate(self, item: Change) -> Any:
        return item.at


class CommitmentFeed(ChangesFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Commitment:
        return access_commitment(request.user, pk)

    def title(self, obj: Commitment) -> str:
        return xml_safe(_("Commitment: %(title)s") % {"title": obj.title})

    def link(self, obj: Commitment) -> str:
        return reverse("commitments:detail", args=[obj.pk])

    def description(self, obj: Commitment) -> str:
        return xml_safe(_("Progress and milestones of “%(title)s”.") % {"title": obj.title})

    def changes(self, obj: Commitment) -> QuerySet[Change]:
        return _changes().filter(commitment=obj)


class BoardFeed(ChangesFeed):
    def title(self) -> str:
        return _("Commitments: latest changes")

    def link(self) -> str:
        return reverse("commitments:board")

    def description(self) -> str:
        return _("New commitments, status changes, progress and milestones.")

    def changes(self, obj: Any) -> QuerySet[Change]:
        return _changes()


def atom(feed_class: type[ChangesFeed]) -> type[ChangesFeed]:
    return type(f"Atom{feed_class.__name__}", (feed_class,), {
        "feed_type": Atom1Feed, "subtitle": feed_class.description,
    })


commitment_rss, commitment_atom = CommitmentFeed(), atom(CommitmentFeed)()
board_rss, board_atom = BoardFeed(), atom(BoardFeed)()
