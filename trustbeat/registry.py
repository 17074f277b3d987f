"""The module registry: what each app contributes to the shared pages and commands.

An app registers its contributions once, from its `AppConfig.ready()`, and touches no
other app's files:

    from trustbeat import registry

    registry.register_nav("events", _("Events"), "events:index", order=40)
    registry.register_home_card("events", _("Events"), _("Barbecues, open houses…"),
                                "events:index", order=40)
    registry.register_home_action("events.rsvp", _("Join an event"), "events:index",
                                  order=40)
    registry.register_area_section("events", _("Upcoming events"),
                                   template="events/area_section.html",
                                   context=area_events_context, order=20)
    registry.register_demo_loader("events", _("community events"), load_demo_events,
                                  order=40)
    registry.register_dashboard_panel("events", _("Events and attendance"),
                                      read=events_dashboard_figures, order=40)
    registry.register_retention_rule("events.rsvp_contacts", _("…"), purge_rsvp_contacts)
    registry.register_rate_limit("events-rsvp", "10/3600")

The shared pages loop over what is registered: the navigation and home page
(`trustbeat.context_processors.modules`, `pages.views.home`), the neighborhood page
(`places.sections`), `manage.py load_demo`, `manage.py purge_personal_data` and the public
dashboard. Modules not registered yet keep a placeholder page (`pages.views.MODULES`).

Registration is idempotent per key (a second registration with the same key replaces the
first), so test settings may reload apps without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from places.models import Area

Label = str | Promise
# A permission predicate as `accounts.permissions` defines them: (user, obj) → allowed.
Visibility = Callable[[Any], bool]
Menu = Literal["main", "account"]


def everyone(user: Any) -> bool:
    """The visibility of public entries."""
    return True


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Label
    url_name: str
    visible: Visibility
    order: int
    menu: Menu
    url_args: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


@dataclass(frozen=True)
class HomeCard:
    """A card on the home page. `template`/`context` let a card show live content
    (the next events, the latest fixes); without them it shows title and summary."""

    key: str
    title: Label
    summary: Label
    url_name: str
    order: int
    template: str | None = None
    context: Callable[[HttpRequest], dict[str, Any]] | None = None
    url_args: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


@dataclass(frozen=True)
class HomeAction:
    """A call to action at the top of the home page, beside "Find my neighborhood"
    ("Report a problem"): what a resident arriving from a flyer can do at once."""

    key: str
    label: Label
    url_name: str
    order: int

    @property
    def url(self) -> str:
        return reverse(self.url_name)


AreaContext = Callable[[HttpRequest, "Area"], dict[str, Any]]


@dataclass(frozen=True)
class AreaSection:
    key: str
    title: Label
    template: str
    context: AreaContext
    order: int


@dataclass
class DemoContext:
    """What demo loaders share: the neighborhoods by slug, and a scratch dict where an
    earlier loader leaves what a later one needs (the organizations, the officers…)."""

    areas: dict[str, Area] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)
    write: Callable[[str], None] = print


# A demo loader returns a one-line summary of what it made ("120 events, 3,400 RSVPs").
DemoLoader = Callable[[DemoContext], str | None]


@dataclass(frozen=True)
class DemoStep:
    key: str
    label: Label
    loader: DemoLoader
    order: int


@dataclass(frozen=True)
class DashboardPanel:
    """A named read the dashboard calls: `read(area)` (area None = citywide) returns
    plain data (numbers, rows) that is already aggregated and privacy-safe."""

    key: str
    title: Label
    read: Callable[[Area | None], Any]
    order: int


@dataclass(frozen=True)
class RetentionRule:
    """`purge(now)` removes or anonymises the personal data this rule covers that is
    older than its period, and returns how many records it changed."""

    key: str
    description: Label
    purge: Callable[[datetime], int]


_nav: dict[str, NavEntry] = {}
_home_cards: dict[str, HomeCard] = {}
_home_actions: dict[str, HomeAction] = {}
_area_sections: dict[str, AreaSection] = {}
_demo_steps: dict[str, DemoStep] = {}
_dashboard_panels: dict[str, DashboardPanel] = {}
_retention_rules: dict[str, RetentionRule] = {}
_rate_limits: dict[str, str] = {}


def register_nav(
    key: str,
    label: Label,
    url_name: str,
    *,
    visible: Visibility = everyone,
    order: int = 100,
    menu: Menu = "main",
) -> None:
    _nav[key] = NavEntry(key, label, url_name, visible, order, menu)


def register_home_card(
    key: str,
    title: Label,
    summary: Label,
    url_name: str,
    *,
    order: int = 100,
    template: str | None = None,
    context: Callable[[HttpRequest], dict[str, Any]] | None = None,
) -> None:
    _home_cards[key] = HomeCard(key, title, summary, url_name, order, template, context)


def register_home_action(key: str, label: Label, url_name: str, *, order: int = 100) -> None:
    _home_actions[key] = HomeAction(key, label, url_name, order)


def register_area_section(
    key: str, title: Label, *, template: str, context: AreaContext, order: int = 100
) -> None:
    _area_sections[key] = AreaSection(key, title, template, context, order)


def register_demo_loader(key: str, label: Label, loader: DemoLoader, *, order: int = 100) -> None:
    _demo_steps[key] = DemoStep(key, label, loader, order)


def register_dashboard_panel(
    key: str, title: Label, *, read: Callable[[Area | None], Any], order: int = 100
) -> None:
    _dashboard_panels[key] = DashboardPanel(key, title, read, order)


def register_retention_rule(
    key: str, description: Label, purge: Callable[[datetime], int]
) -> None:
    _retention_rules[key] = RetentionRule(key, description, purge)


def register_rate_limit(scope: str, default: str) -> None:
    """A module's rate-limit scope and its default rate ("COUNT/SECONDS"), used by
    `trustbeat.lib.ratelimit`; RATE_LIMIT_<SCOPE> in the environment overrides it."""
    _rate_limits[scope] = default


def rate_limit_defaults() -> dict[str, str]:
    return dict(_rate_limits)


def unregister(key: str) -> None:
    """Remove every contribution under `key` (tests that register a throwaway module)."""
    for table in (_nav, _home_cards, _home_actions, _area_sections, _demo_steps,
                  _dashboard_panels, _retention_rules):
        table.pop(key, None)
    for rule_key in [k for k in _retention_rules if k.startswith(f"{key}.")]:
        del _retention_rules[rule_key]
    for scope in [s for s in _rate_limits if s == key or s.startswith(f"{key}-")]:
        del _rate_limits[scope]


def _ordered(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.order, item.key))


def nav_entries(menu: Menu, user: Any) -> list[NavEntry]:
    return [e for e in _ordered(_nav.values()) if e.menu == menu and e.visible(user)]


def home_cards() -> list[HomeCard]:
    return _ordered(_home_cards.values())


def home_actions() -> list[HomeAction]:
    return _ordered(_home_actions.values())


def area_sections() -> list[AreaSection]:
    return _ordered(_area_sections.values())


def demo_steps() -> list[DemoStep]:
    return _ordered(_demo_steps.values())


def dashboard_panels() -> list[DashboardPanel]:
    return _ordered(_dashboard_panels.values())


def retention_rules() -> list[RetentionRule]:
    return sorted(_retention_rules.values(), key=lambda rule: rule.key)


def registered_keys() -> set[str]:
    """Keys with a navigation entry or a home card: the modules that exist."""
    return set(_nav) | set(_home_cards)
