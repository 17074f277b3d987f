"""Public pages of the board: the citywide board (filterable), "you said, we did", and a
commitment's page with its milestones, parts and history. GET only: they never write."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commitments.forms import BoardFilterForm
from commitments.history import history_rows
from commitments.models import Change, Comment
from commitments.queries import access_commitment, board_page, you_said_we_did

HISTORY_SHOWN = 200
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A bad filter is refused with its message rather than silently widened.
        return render(request, "commitments/board.html", {"form": form, "rows": []},
                      status=400)
    data = board_page(form.filters(), form.page_number())
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "commitments/board.html",
                  {"form": form, **data, "query": query.urlencode()})


@require_GET
def you_said(request: HttpRequest) -> HttpResponse:
    return render(request, "commitments/you_said.html", {"rows": you_said_we_did()})


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment(request.user, pk)
    milestones = list(commitment.milestones.select_related(None).order_by("-date", "-id"))
    children = list(commitment.children.select_related("status", "owner").order_by(
        "due_date", "id"))
    history = list(Change.objects.filter(commitment=commitment).order_by("-at", "-id")[
        :HISTORY_SHOWN])
    for change in history:
        change.rows = history_rows(change)  # type: ignore[attr-defined]
    comments = list(Comment.objects.published().filter(commitment=commitment))
    return render(request, "commitments/detail.html", {
        "commitment": commitment,
        "milestones": milestones,
        "children": children,
        "history": history,
        "comments": comments,
        "areas": list(commitment.areas.order_by("name")),
        "responsible": list(commitment.responsible.order_by("display_name")),
    })
