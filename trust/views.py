"""Pages of the trust module: public scores and their method, answering a survey, officer
feedback cards, commendations and complaints; staff pages for surveys, cards and the
complaints body. Views parse with a form, call access_/do_ and render."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import permission_required
from places.models import Area
from trust import actions, charts, exports, queries, scores, stats
from trust.forms import (
    AnswerForm,
    CardForm,
    CardLookupForm,
    ComplaintUpdateForm,
    FilingForm,
    InvitationForm,
    NeighborhoodChoiceForm,
    QuestionForm,
    SurveyForm,
)
from trust.instrument import choice_label, question_text
from trust.models import ExternalScore, FeedbackCard, Filing, Survey
from trust.permissions import (
    can_handle_complaints,
    can_manage_surveys,
    can_view_commendations,
    can_view_own_card,
    can_view_unit_feedback,
)
from trustbeat.lib import ratelimit

TREND_MEASURES = ("trust", "safety")


def _language() -> str:
    return (get_language() or "en")[:2]


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# ---------------------------------------------------------------------------- scores


def _points(table: scores.ScoreTable, area_id: int | None, measure: str,
            kind: str = "quarter") -> list[charts.Point]:
    points = []
    for period in table.periods(kind):
        row = table.get(area_id, period, measure)
        if row is None or row.suppressed:
            points.append(charts.Point(period, None))
        else:
            points.append(charts.Point(period, row.score, row.ci_low, row.ci_high))
    return points


def _trend_rows(table: scores.ScoreTable, area_id: int | None) -> list[dict[str, object]]:
    """One row per quarter with each measure and whether it changed significantly."""
    rows: list[dict[str, object]] = []
    previous: dict[str, scores.ScoreRow] = {}
    for period in table.periods("quarter"):
        cells = {}
        for measure in scores.MEASURES:
            row = table.get(area_id, period, measure)
            change = None
            if row is not None and not row.suppressed:
                before = previous.get(measure)
                if before is not None:
                    diff = stats.difference(row.estimate(), before.estimate())
                    change = {"up": diff.difference > 0, "significant": diff.significant,
                              "points": round(10 * diff.difference, 1)}
                previous[measure] = row
            cells[measure] = {"row": row, "change": change}
        if any(c["row"] is not None for c in cells.values()):
            rows.append({"period": period, "cells": cells})
    return rows


def _charts(
    table: scores.ScoreTable, area_id: int | None, place: str
) -> list[dict[str, object]]:
    titles = {"trust": _("Trust"), "safety": _("Safety")}
    result: list[dict[str, object]] = []
    for measure in TREND_MEASURES:
        title = _("%(measure)s in %(place)s by quarter") % {"measure": titles[measure],
                                                            "place": place}
        result.append({
            "measure": measure,
            "title": title,
            "svg": charts.trend_svg(
                _points(table, area_id, measure), title=title,
                # %% and the empty mapping keep the text a proper format string.
                description=_("score from 0 to 100 with its 95%% interval as a band; the "
                              "table below gives the same figures") % {},
            ),
        })
    return result


def _external_chart() -> dict[str, object] | None:
    """The comparison series: city-level scores published elsewhere, by quarter."""
    rows = list(ExternalScore.objects.filter(level="city", measure="trust")
                .values_list("source", "period_start", "score"))
    if not rows:
        return None
    source = rows[0][0]
    by_quarter: dict[str, list[float]] = {}
    for _source, start, score in rows:
        by_quarter.setdefault(scores.quarter_key(start), []).append(score)
    points = [charts.Point(q, round(sum(v) / len(v), 1)) for q, v in sorted(by_quarter.items())]
    title = _("Trust in another city: %(source)s") % {"source": source}
    return {
        "source": source,
        "title": title,
        "points": points,
        "svg": charts.trend_svg(points, title=title, description=_(
            "published scores from 0 to 100, without sample sizes or intervals")),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    survey, table = queries.standard_scores()
    quarters = table.periods("quarter")
    latest = quarters[-1] if quarters else None
    areas = {a.pk: a for a in Area.objects.filter(pk__in={r.area_id for r in table.rows
                                                          if r.area_id})}
    neighborhood_rows = []
    if latest:
        for area_id, area in sorted(areas.items(), key=lambda kv: kv[1].name):
            trust_row = table.get(area_id, latest, "trust")
            safety_row = table.get(area_id, latest, "safety")
            if trust_row or safety_row:
                neighborhood_rows.append({"area": area, "trust": trust_row,
                                          "safety": safety_row})
    return render(request, "trust/index.html", {
        "survey": survey,
        "latest": latest,
        "citywide": {m: table.get(None, latest, m) for m in scores.MEASURES} if latest else {},
        "charts": _charts(table, None, _("the city")),
        "trend": _trend_rows(table, None),
        "neighborhoods": neighborhood_rows,
        "external": _external_chart(),
        "min_n": scores.min_effective_n(),
    })


@require_GET
def area_scores(request: HttpRequest, slug: str) -> HttpResponse:
    area = queries.neighborhood(slug)
    survey, table = queries.standard_scores()
    quarters = [p for p in table.periods("quarter") if table.get(area.pk, p, "trust")]
    gaps = []
    if survey is not None and quarters:
        version = survey.current()
        question = version.question("race_ethnicity") or {"choices": []}
        labels = {str(c["value"]): choice_label(c, _language()) for c in question["choices"]}
        cells = scores.load_cells(survey)
        for group in scores.group_gaps(
            cells, scores.load_margins([area.pk]), area_id=area.pk, period=quarters[-1],
            measure="trust", variable="race_ethnicity",
        ):
            gap = group.gap
            gaps.append({
                "label": labels.get(group.group, group.group), "row": group.row, "gap": gap,
                "points": 10 * gap.difference if gap else None,
                "low": 10 * gap.ci_low if gap else None,
                "high": 10 * gap.ci_high if gap else None,
                "significant": gap.significant if gap else False,
            })
    return render(request, "trust/area.html", {
        "area": area,
        "survey": survey,
        "charts": _charts(table, area.pk, area.name),
        "trend": _trend_rows(table, area.pk),
        "gaps": gaps,
        "gap_period": quarters[-1] if quarters else None,
        "weighting_error": table.weighting_errors.get(area.pk, ""),
        "weighted": area.pk in table.weighted_areas,
        "min_n": scores.min_effective_n(),
    })


@require_GET
def method(request: HttpRequest) -> HttpResponse:
    survey = Survey.objects.standard()
    version = survey.current() if survey else None
    questions = [question_text(q, _language()) for q in (version.questions if version else [])
                 if q["kind"] == "scale"]
    return render(request, "trust/method.html", {"questions": questions,
                                                 "min_n": scores.min_effective_n()})


@require_GET
def scores_csv(request: HttpRequest) -> HttpResponse:
    _survey, table = queries.standard_scores()
    response = HttpResponse(exports.scores_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="trust-scores.csv"'
    return response


@require_GET
def scores_json(request: HttpRequest) -> HttpResponse:
    survey, table = queries.standard_scores()
    return JsonResponse(exports.scores_json(table, survey.slug if survey else ""))


# ---------------------------------------------------------------------------- answering


@require_GET
def take(request: HttpRequest) -> HttpResponse:
    surveys = list(Survey.objects.open())
    form = NeighborhoodChoiceForm(request.GET or None)
    chosen = request.GET.get("survey", "")
    if form.is_valid():
        survey = next((s for s in surveys if s.slug == chosen), None) or (
            surveys[0] if surveys else None)
        if survey is not None:
            return redirect("trust:answer", survey=survey.slug,
                            area=form.cleaned_data["area"].slug)
    return render(request, "trust/take.html", {"surveys": surveys, "form": form})


def _answer(request: HttpRequest, survey: Survey, area: Area, token: str = "") -> HttpResponse:
    version = survey.current()
    language = _language()
    form = AnswerForm(request.POST or None, version=version, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_submit_response(
                survey, area, form.answers(), language=language, token=token,
                client_address=ratelimit.client_ip(request), actor=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error)
        else:
            return redirect("trust:thanks")
    return render(request, "trust/answer.html", {
        "survey": survey, "title": survey.title_in(language), "area": area, "form": form,
        "status": 400 if request.method == "POST" else 200,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@ratelimit.limit("trust-answer", key=ratelimit.by_ip)
def answer(request: HttpRequest, survey: str, area: str) -> HttpResponse:
    return _answer(request, queries.open_survey_by_slug(survey), queries.neighborhood(area))


@require_http_methods(["GET", "POST"])
@ratelimit.limit("trust-answer", key=ratelimit.by_ip)
def invited(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "trust/invitation_invalid.html",
                      {"reason": _("This invitation link is not valid. Check it was copied "
                                   "in full.")}, status=404)
    if invitation.used_at is not None:
        return render(request, "trust/invitation_invalid.html",
                      {"reason": _("This invitation has already been used to answer. Each "
                                   "invitation counts once.")}, status=410)
    if invitation.survey.status != Survey.Status.OPEN:
        return render(request, "trust/invitation_invalid.html",
                      {"reason": _("This survey is not taking answers.")}, status=410)
    return _answer(request, invitation.survey, invitation.area, token)


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "trust/thanks.html")


def _qr_response(url: str) -> HttpResponse:
    buffer = segno.make(url, error="m")
    svg = buffer.svg_inline(scale=4, border=2, title=url)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def answer_qr(request: HttpRequest, survey: str, area: str) -> HttpResponse:
    survey_obj = queries.open_survey_by_slug(survey)
    area_obj = queries.neighborhood(area)
    return _qr_response(request.build_absolute_uri(
        reverse("trust:answer", args=[survey_obj.slug, area_obj.slug])))


# ---------------------------------------------------------------------------- officer cards


@require_GET
def card_find(request: HttpRequest) -> HttpResponse:
    form = CardLookupForm(request.GET or None)
    if form.is_valid():
        card = actions.find_card(form.cleaned_data["code"])
        if card is not None and card.is_active:
            return redirect("trust:card", code=card.code)
        form.add_error("code", _("No officer card has this code. Check the code on the card."))
    return render(request, "trust/card_find.html", {"form": form},
                  status=400 if form.is_bound else 200)


def _active_card(code: str) -> FeedbackCard:
    card = actions.find_card(code)
    if card is None or not card.is_active:
        from django.http import Http404

        raise Http404
    return card


@require_http_methods(["GET", "POST"])
@ratelimit.limit("trust-card", key=ratelimit.by_ip)
def card(request: HttpRequest, code: str) -> HttpResponse:
    feedback_card = _active_card(code)
    form = CardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_submit_card_answer(
                feedback_card, respectful=form.cleaned_data["respectful"],
                listened=form.cleaned_data["listened"],
                explained=form.cleaned_data["explained"],
                client_address=ratelimit.client_ip(request), actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("trust:thanks")
    return render(request, "trust/card.html", {"card": feedback_card, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_GET
def card_qr(request: HttpRequest, code: str) -> HttpResponse:
    feedback_card = _active_card(code)
    return _qr_response(request.build_absolute_uri(
        reverse("trust:card", args=[feedback_card.code])))


@require_http_methods(["GET", "POST"])
@permission_required(can_view_own_card)
def my_card(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        actions.do_issue_card(request.user, actor=request.user)  # type: ignore[arg-type]
        return redirect("trust:my_card")
    feedback_card = FeedbackCard.objects.filter(officer_id=request.user.pk).first()
    results = queries.card_results([feedback_card]) if feedback_card else None
    return render(request, "trust/my_card.html", {
        "card": feedback_card, "results": results, "min_answers": queries.CARD_MIN_ANSWERS,
        "card_url": request.build_absolute_uri(reverse("trust:card", args=[feedback_card.code]))
        if feedback_card else "",
    })


@require_GET
@permission_required(can_view_unit_feedback)
def units(request: HttpRequest) -> HttpResponse:
    return render(request, "trust/units.html", {
        "units": queries.unit_results(request.user), "min_answers": queries.CARD_MIN_ANSWERS,
    })


# ---------------------------------------------------------------------------- filings


def _filing(request: HttpRequest, kind: str) -> HttpResponse:
    initial = {"card_code": request.GET.get("card", "")[:12]}
    form = FilingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filing, token = actions.do_submit_filing(
                kind=kind, description=data["description"],
                officer_description=data["officer_description"],
                card_code=data["card_code"], area=data["area"],
                occurred_on=data["occurred_on"], anonymous=data["anonymous"],
                filer_name=data["filer_name"], filer_email=data["filer_email"],
                filer_phone=data["filer_phone"], actor=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            # The follow-up link is shown once, here; only its hash is stored.
            follow = request.build_absolute_uri(
                reverse("trust:follow", args=[filing.reference, token]))
            return render(request, "trust/filed.html", {"filing": filing, "follow": follow})
    return render(request, "trust/filing_new.html", {
        "form": form, "kind": kind,
        "is_complaint": kind == Filing.Kind.COMPLAINT,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@ratelimit.limit("trust-filing", key=ratelimit.by_ip)
def commend(request: HttpRequest) -> HttpResponse:
    return _filing(request, Filing.Kind.COMMENDATION)


@require_http_methods(["GET", "POST"])
@ratelimit.limit("trust-filing", key=ratelimit.by_ip)
def complain(request: HttpRequest) -> HttpResponse:
    return _filing(request, Filing.Kind.COMPLAINT)


@require_GET
def follow(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    filing = Filing.objects.filter(reference=reference[:20]).first()
    if filing is None or len(token) > 64 or filing.follow_token_hash != actions.token_hash(token):
        from django.http import Http404

        raise Http404
    return render(request, "trust/follow.html", {"filing": filing})


@require_GET
def accountability(request: HttpRequest) -> HttpResponse:
    return render(request, "trust/accountability.html", {"figures": queries.filing_figures()})


@require_GET
@permission_required(can_handle_complaints)
def complaints(request: HttpRequest) -> HttpResponse:
    return render(request, "trust/complaints.html",
                  {"complaints": queries.complaint_queue(request.user)})


@require_http_methods(["GET", "POST"])
@permission_required(can_handle_complaints)
def complaint(request: HttpRequest, pk: int) -> HttpResponse:
    filing = queries.access_complaint(request.user, pk, purpose="trust.complaint")
    form = ComplaintUpdateForm(request.POST or None, initial={
        "status": filing.status, "outcome": filing.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_complaint(filing, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Complaint updated."))
            return redirect("trust:complaint", pk=filing.pk)
    return render(request, "trust/complaint.html", {"filing": filing, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_GET
@permission_required(can_view_commendations)
def commendations(request: HttpRequest) -> HttpResponse:
    return render(request, "trust/commendations.html",
                  {"commendations": queries.commendations(request.user)})


# ---------------------------------------------------------------------------- survey builder


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_surveys)
def surveys(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = actions.do_create_survey(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            return redirect("trust:survey", pk=survey.pk)
    return render(request, "trust/surveys.html", {
        "surveys": Survey.objects.select_related("current_version"), "form": form,
    }, status=400 if request.method == "POST" else 200)


def _survey_page(
    request: HttpRequest,
    survey: Survey,
    *,
    question_form: QuestionForm | None = None,
    invitation_form: InvitationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    from django.db.models import Count

    version = survey.current()
    counts = dict(survey.responses.values_list("version_id").annotate(n=Count("id")).order_by())
    language = _language()
    return render(request, "trust/survey.html", {
        "survey": survey,
        "version": version,
        "questions": [{"q": q, "text": question_text(q, language)} for q in version.questions],
        "versions": [{"v": v, "answers": counts.get(v.pk, 0)}
                     for v in survey.versions.order_by("number")],
        "question_form": question_form or QuestionForm(),
        "invitation_form": invitation_form or InvitationForm(),
        "areas": Area.objects.at_level(Area.Level.NEIGHBORHOOD).order_by("name")[:200],
    }, status=status)


@require_GET
@permission_required(can_manage_surveys)
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_page(request, queries.access_survey(request.user, pk))


@require_POST
@permission_required(can_manage_surveys)
def survey_question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey_obj = queries.access_survey(request.user, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            version = actions.do_add_question(survey_obj, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Question added to version %(n)d.") % {
                "n": version.number})
            return redirect("trust:survey", pk=survey_obj.pk)
    return _survey_page(request, survey_obj, question_form=form, status=400)


@require_POST
@permission_required(can_manage_surveys)
def survey_question_remove(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    survey_obj = queries.access_survey(request.user, pk)
    try:
        version = actions.do_remove_question(survey_obj, code[:40], actor=request.user)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Question removed in version %(n)d.") % {
            "n": version.number})
    return redirect("trust:survey", pk=survey_obj.pk)


@require_POST
@permission_required(can_manage_surveys)
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey_obj = queries.access_survey(request.user, pk)
    action = request.POST.get("action", "")
    if action == "open":
        actions.do_open_survey(survey_obj, actor=request.user)
        messages.success(request, _("The survey is open."))
    elif action == "close":
        actions.do_close_survey(survey_obj, actor=request.user)
        messages.success(request, _("The survey is closed."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect("trust:survey", pk=survey_obj.pk)


@require_POST
@permission_required(can_manage_surveys)
def survey_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    survey_obj = queries.access_survey(request.user, pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            tokens = actions.do_create_invitations(
                survey_obj, form.cleaned_data["area"], form.cleaned_data["count"],
                label=form.cleaned_data["label"], actor=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            lines = ["token,link"] + [
                f"{t},{request.build_absolute_uri(reverse('trust:invited', args=[t]))}"
                for t in tokens
            ]
            response = HttpResponse("\n".join(lines) + "\n", content_type="text/csv")
            response["Content-Disposition"] = (
                f'attachment; filename="invitations-{survey_obj.slug}.csv"')
            return response
    return _survey_page(request, survey_obj, invitation_form=form, status=400)
