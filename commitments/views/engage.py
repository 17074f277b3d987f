"""Residents engage: follow by email (double opt-in, one-click unsubscribe), comment
(moderated), report a comment; coordinators moderate. Public POSTs are rate limited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import permission_required
from commitments import comments, notify
from commitments.forms import (
    AbuseReportForm,
    CommentForm,
    FollowForm,
    ModerationForm,
    apply_errors,
)
from commitments.models import Comment, Commitment
from commitments.permissions import can_comment_on_commitment, can_moderate_comments
from commitments.queries import access_commitment
from trustbeat.lib import ratelimit


def _public_commitment(pk: int | None) -> Commitment | None:
    if pk is None:
        return None
    commitment = Commitment.objects.public().filter(pk=pk).first()
    if commitment is None:
        raise ValidationError({"commitment": _("There is no such commitment.")})
    return commitment


@require_http_methods(["GET", "POST"])
@ratelimit.limit("commitments-follow", key=ratelimit.by_ip)
def follow(request: HttpRequest) -> HttpResponse:
    initial = {"commitment": request.GET.get("commitment")}
    form = FollowForm(request.POST or None, initial=initial)
    commitment = None
    if request.method == "GET" and (request.GET.get("commitment") or "").isdigit():
        commitment = Commitment.objects.public().filter(
            pk=int(request.GET["commitment"][:18])).first()
    if request.method == "POST" and form.is_valid():
        try:
            commitment = _public_commitment(form.cleaned_data.get("commitment"))
            notify.do_follow(email=form.cleaned_data["email"], commitment=commitment,
                             language=get_language() or "en", actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "commitments/follow_sent.html",
                          {"email": form.cleaned_data["email"]})
    return render(request, "commitments/follow.html", {"form": form, "commitment": commitment},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    follower = notify.find_follower(token)
    if follower is None:
        raise Http404
    if request.method == "POST":
        notify.do_confirm_follower(follower)
        return render(request, "commitments/follow_done.html",
                      {"confirmed": True, "description": notify.describe(follower),
                       "token": follower.token})
    # A GET only asks: mail scanners that open links must not confirm by themselves.
    return render(request, "commitments/follow_confirm.html",
                  {"description": notify.describe(follower), "action": "confirm"})


@csrf_exempt  # RFC 8058 one-click unsubscribe: the mail client POSTs without our cookie.
@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, token: str) -> HttpResponse:
    follower = notify.find_follower(token)
    if request.method == "POST" or follower is None:
        # The same answer for any token, so addresses cannot be probed.
        if follower is not None:
            notify.do_unfollow(follower)
        return render(request, "commitments/follow_done.html", {"unsubscribed": True})
    return render(request, "commitments/follow_confirm.html",
                  {"description": notify.describe(follower), "action": "unsubscribe"})


@require_POST
@permission_required(can_comment_on_commitment)
@ratelimit.limit("commitments-comment", key=ratelimit.by_person)
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comments.do_post_comment(commitment, form.cleaned_data["text"], actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. A coordinator reads each comment before "
                                        "it appears."))
            return redirect("commitments:detail", commitment.pk)
    return render(request, "commitments/comment_refused.html",
                  {"form": form, "commitment": commitment}, status=400)


@require_http_methods(["GET", "POST"])
@ratelimit.limit("commitments-abuse", key=ratelimit.by_ip)
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Comment.objects.select_related("commitment"), pk=pk,
                             state=Comment.State.PUBLISHED, commitment__is_public=True)
    form = AbuseReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comments.do_report_comment(item, form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. A coordinator will look at this comment."))
            return redirect("commitments:detail", item.commitment_id)
    return render(request, "commitments/comment_report.html", {"form": form, "comment": item},
                  status=400 if form.errors else 200)


@require_GET
@permission_required(can_moderate_comments)
def moderation(request: HttpRequest) -> HttpResponse:
    return render(request, "commitments/moderation.html",
                  {"queue": comments.moderation_queue()[:200]})


@require_POST
@permission_required(can_moderate_comments)
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Comment, pk=pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return render(request, "commitments/moderation.html",
                      {"queue": comments.moderation_queue()[:200], "form": form}, status=400)
    comments.do_moderate_comment(item, form.cleaned_data["decision"], actor=request.user)
    messages.success(request, _("Decision saved."))
    return redirect("commitments:moderation")
