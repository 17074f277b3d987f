from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import role_required
from accounts.models import Role
from audit.models import AuditEntry


@role_required(Role.ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.with_actor()[:200]
    return render(request, "audit/log.html", {"entries": entries})
