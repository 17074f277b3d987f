"""`{% can "name" [obj] as allowed %}`: templates ask the same predicates as views."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.permissions import check

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, name: str, obj: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return check(name, user, obj)
