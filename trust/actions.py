"""Every write of the trust module.

Each `do_*` runs inside one transaction and writes an audit entry; on any ValidationError
or PermissionDenied nothing is saved. `actor=None` is the system itself (imports, the demo,
management commands); views always pass `request.user`. Writes that change answers or
margins bump the score cache stamp after commit, so scores follow at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from audit.lib import record_change
from places.models import Area
from trust import scores
from trust.events import TrustEvent
from trust.instrument import (
    DEMOGRAPHICS,
    MAX_TEXT,
    SCALE_MAX,
    SCALE_MIN,
    SCORED,
    Question,
    choice_values,
    standard_questions,
)
from trust.models import (
    CardAnswer,
    FeedbackCard,
    Filing,
    Invitation,
    Response,
    Survey,
    SurveyVersion,
)
from trust.permissions import (
    can_handle_complaints,
    can_hold_feedback_card,
    can_manage_surveys,
    complaint_body_id,
)
from trustbeat.lib.text import has_forbidden_characters

STANDARD_SLUG = "neighborhood-trust"
MAX_INVITATIONS = 5000
CARD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed
CARD_CODE_LENGTH = 6
CARD_SCALE = (1, 5)
MAX_QUESTIONS = 40


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this."))


def _check_surveys(actor: Any) -> None:
    if actor is not None:
        _require(can_manage_surveys(actor))


def _user(actor: Any) -> User | None:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def source_hash(address: str) -> str:
    """A keyed hash of a client address: compares equal for the abuse window, reveals
    nothing on its own, and is cleared by the retention rule."""
    if not address:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"trust|{address}".encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(f"trust-token|{token}".encode()).hexdigest()


# ---------------------------------------------------------------------------- surveys


def _clean_text(value: str, field: str, *, limit: int = 500, required: bool = True,
                multiline: bool = False) -> str:
    value = (value or "").strip()
    if has_forbidden_characters(value, multiline=multiline):
        raise ValidationError({field: _("This field contains characters that are not allowed.")})
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep this under %(limit)d characters.") % {"limit": limit}}
        )
    return value


def do_create_survey(
    *, title: str, title_es: str = "", standard: bool = False, slug: str = "", actor: Any
) -> Survey:
    """A new draft survey holding the standard instrument (version 1)."""
    _check_surveys(actor)
    title = _clean_text(title, "title", limit=200)
    title_es = _clean_text(title_es, "title_es", limit=200, required=False)
    base = slug or slugify(title)[:60] or "survey"
    with transaction.atomic():
        candidate, suffix = base, 2
        while Survey.objects.filter(slug=candidate).exists():
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        survey = Survey.objects.create(
            title=title, title_es=title_es, slug=candidate, is_standard=standard
        )
        version = SurveyVersion.objects.create(
            survey=survey, number=1, questions=standard_questions()
        )
        survey.current_version = version
        survey.save(update_fields=["current_version"])
        record_change(actor, TrustEvent.SURVEY_CREATED, survey, standard=standard)
    return survey


def ensure_standard_survey(*, open_it: bool = True) -> Survey:
    """The standard instrument's survey, created (and opened) if missing."""
    survey = Survey.objects.standard()
    if survey is None:
        survey = do_create_survey(
            title="Neighborhood trust survey", title_es="Encuesta de confianza en el barrio",
            standard=True, slug=STANDARD_SLUG, actor=None,
        )
    if open_it and survey.status == Survey.Status.DRAFT:
        survey = do_open_survey(survey, actor=None)
    return survey


def _locked_survey(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def _editable_version(survey: Survey) -> tuple[SurveyVersion, bool]:
    """The version edits go to: the current one while unfrozen, else a new copy."""
    current = survey.current()
    if not current.frozen:
        return current, False
    number = (survey.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = SurveyVersion.objects.create(
        survey=survey, number=number, questions=list(current.questions)
    )
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    if survey.status == Survey.Status.OPEN:
        # An open survey goes on collecting answers, now against the new version.
        version.frozen = True
        version.save(update_fields=["frozen"])
    return version, True


def do_edit_version(version: SurveyVersion, questions: list[Question], *, actor: Any) -> None:
    """Replace a version's questions directly. Refused once respondents may have seen it:
    edits to an open survey go through the survey (do_add_question...), which makes the
    next version so every answer keeps the questions it answered."""
    _check_surveys(actor)
    with transaction.atomic():
        locked = SurveyVersion.objects.select_for_update().get(pk=version.pk)
        if locked.frozen:
            raise ValidationError(
                _("Version %(number)d of this survey is open and keeps its questions; "
                  "your edit must make a new version.") % {"number": locked.number},
                code="frozen",
            )
        for question in questions:
            _validate_question(question)
        locked.questions = questions
        locked.save(update_fields=["questions"])
        record_change(actor, TrustEvent.VERSION_EDITED, locked)


def _parse_choices(text: str) -> list[dict[str, Any]]:
    """One choice a line, "English | Spanish"."""
    choices: list[dict[str, Any]] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        en, _sep, es = line.partition("|")
        en, es = en.strip(), es.strip()
        value = slugify(en)[:40] or f"choice-{len(choices) + 1}"
        if any(c["value"] == value for c in choices):
            raise ValidationError({"choices": _("Two choices read the same: %(choice)s")
                                   % {"choice": en}})
        choices.append({"value": value, "label": {"en": en[:200], "es": (es or en)[:200]}})
    return choices


def _validate_question(question: Question) -> None:
    if question.get("kind") not in {"scale", "text", "choice"}:
        raise ValidationError({"kind": _("Unknown kind of question.")})
    if question["kind"] == "choice" and len(question.get("choices", [])) < 2:
        raise ValidationError({"choices": _("A multiple-choice question needs two choices "
                                            "or more, one a line.")})


def do_add_question(
    survey: Survey,
    *,
    code: str,
    kind: str,
    text_en: str,
    text_es: str,
    required: bool = False,
    choices: str = "",
    actor: Any,
) -> SurveyVersion:
    """Add a question; on an open survey this makes the next version."""
    _check_surveys(actor)
    code = slugify(_clean_text(code, "code", limit=40)).replace("-", "_")
    text_en = _clean_text(text_en, "text_en")
    text_es = _clean_text(text_es, "text_es")
    choice_text = _clean_text(choices, "choices", limit=4000, required=False, multiline=True)
    question: Question = {
        "code": code, "kind": kind, "required": bool(required),
        "text": {"en": text_en, "es": text_es},
        "choices": _parse_choices(choice_text) if kind == "choice" else [],
    }
    _validate_question(question)
    with transaction.atomic():
        survey = _locked_survey(survey)
        current = survey.current()
        if not code or current.question(code) is not None or code in DEMOGRAPHICS:
            raise ValidationError({"code": _("Choose a code no other question uses.")})
        if len(current.questions) >= MAX_QUESTIONS:
            raise ValidationError({"code": _("A survey holds at most %(n)d questions.")
                                   % {"n": MAX_QUESTIONS}})
        version, new = _editable_version(survey)
        version.questions = [*version.questions, question]
        version.save(update_fields=["questions"])
        record_change(actor, TrustEvent.QUESTION_ADDED, survey, code=code,
                      version=version.number, new_version=new)
    return version


def do_remove_question(survey: Survey, code: str, *, actor: Any) -> SurveyVersion:
    _check_surveys(actor)
    if code in SCORED:
        raise ValidationError(
            _("The safety, respect and listening questions are what the scores measure; "
              "they stay in every survey.")
        )
    with transaction.atomic():
        survey = _locked_survey(survey)
        current = survey.current()
        if current.question(code) is None:
            raise ValidationError(_("This survey has no such question."))
        version, new = _editable_version(survey)
        version.questions = [q for q in version.questions if q.get("code") != code]
        version.save(update_fields=["questions"])
        record_change(actor, TrustEvent.QUESTION_REMOVED, survey, code=code,
                      version=version.number, new_version=new)
    return version


def do_open_survey(survey: Survey, *, actor: Any) -> Survey:
    _check_surveys(actor)
    with transaction.atomic():
        survey = _locked_survey(survey)
        SurveyVersion.objects.filter(survey=survey, pk=survey.current().pk).update(frozen=True)
        survey.status = Survey.Status.OPEN
        survey.opened_at = survey.opened_at or timezone.now()
        survey.save(update_fields=["status", "opened_at"])
        record_change(actor, TrustEvent.SURVEY_OPENED, survey)
    return survey


def do_close_survey(survey: Survey, *, actor: Any) -> Survey:
    _check_surveys(actor)
    with transaction.atomic():
        survey = _locked_survey(survey)
        survey.status = Survey.Status.CLOSED
        survey.save(update_fields=["status"])
        record_change(actor, TrustEvent.SURVEY_CLOSED, survey)
    return survey


def do_create_invitations(
    survey: Survey, area: Area, count: int, *, label: str = "", actor: Any
) -> list[str]:
    """`count` single-use tokens for answering in `area`. The tokens are returned once
    (to print or mail); only their hashes are stored."""
    _check_surveys(actor)
    if not 1 <= count <= MAX_INVITATIONS:
        raise ValidationError({"count": _("Ask for between 1 and %(max)d invitations.")
                               % {"max": MAX_INVITATIONS}})
    label = _clean_text(label, "label", limit=100, required=False)
    tokens = [secrets.token_urlsafe(12) for _i in range(count)]
    with transaction.atomic():
        Invitation.objects.bulk_create(
            Invitation(survey=survey, area=area, token_hash=token_hash(t), label=label)
            for t in tokens
        )
        record_change(actor, TrustEvent.INVITATIONS_CREATED, survey, area=area.pk,
                      count=count,
                      label=label)
    return tokens


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 64 or has_forbidden_characters(token):
        return None
    return (
        Invitation.objects.select_related("survey", "area", "survey__current_version")
        .filter(token_hash=token_hash(token)).first()
    )


# ---------------------------------------------------------------------------- answers


def month_of(when: dt.datetime) -> dt.date:
    return timezone.localtime(when).date().replace(day=1)


def _scale(value: Any, field: str, low: int = SCALE_MIN, high: int = SCALE_MAX) -> int:
    text = str(value).strip()
    if len(text) > 6 or not text.lstrip("-").isdigit():
        raise ValidationError({field: _("Answer with a whole number from %(low)d to %(high)d.")
                               % {"low": low, "high": high}})
    number = int(text)
    if not low <= number <= high:
        raise ValidationError({field: _("Answer with a whole number from %(low)d to %(high)d.")
                               % {"low": low, "high": high}})
    return number


def validate_answers(version: SurveyVersion, raw: dict[str, Any]) -> dict[str, Any]:
    """Clean answers against the version's questions; collects every problem."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in version.questions:
        code = question["code"]
        value = raw.get(code)
        blank = value is None or str(value).strip() == ""
        if blank:
            if question.get("required"):
                errors[code] = [_("Please answer this question.")]
            continue
        try:
            if question["kind"] == "scale":
                cleaned[code] = _scale(value, code)
            elif question["kind"] == "choice":
                text = str(value).strip()
                if text not in choice_values(question):
                    raise ValidationError({code: _("Choose one of the answers offered.")})
                cleaned[code] = text
            else:
                cleaned[code] = _clean_text(str(value), code, limit=MAX_TEXT, multiline=True)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _response_fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {code: cleaned.get(code) for code in SCORED}
    fields.update({code: cleaned.get(code, "") for code in DEMOGRAPHICS})
    fields["answers"] = {
        k: v for k, v in cleaned.items() if k not in SCORED and k not in DEMOGRAPHICS
    }
    return fields


def do_submit_response(
    survey: Survey,
    area: Area | None,
    raw_answers: dict[str, Any],
    *,
    language: str = "en",
    token: str = "",
    client_address: str = "",
    actor: Any,
) -> Response:
    """Save one answer from the public form (by neighborhood link or invitation token)."""
    invitation: Invitation | None = None
    if token:
        invitation = find_invitation(token)
        if invitation is None or invitation.survey_id != survey.pk:
            raise ValidationError(
                _("This invitation link is not valid. Check it was copied in full."),
                code="forged_token",
            )
        area = invitation.area
    if area is None or area.level != Area.Level.NEIGHBORHOOD:
        raise ValidationError(_("Choose your neighborhood."), code="area")
    if survey.status != Survey.Status.OPEN:
        raise ValidationError(_("This survey is not taking answers."), code="closed")
    version = survey.current()
    cleaned = validate_answers(version, raw_answers)
    now = timezone.now()
    with transaction.atomic():
        if invitation is not None:
            # Claim the token atomically: of two simultaneous answers only one wins.
            claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
                used_at=now
            )
            if not claimed:
                raise ValidationError(
                    _("This invitation has already been used to answer. Each invitation "
                      "counts once."),
                    code="used_token",
                )
        response = Response.objects.create(
            survey=survey, version=version, area=area, submitted_at=now, month=month_of(now),
            source=Response.Source.INVITATION if invitation else Response.Source.WEB,
            invitation=invitation, language=(language or "en")[:8],
            source_hash=source_hash(client_address), **_response_fields(cleaned),
        )
        record_change(actor, TrustEvent.RESPONSE_SUBMITTED, response, survey=survey.pk,
                      area=area.pk, version=version.number)
        scores.answers_changed()
    return response


# ---------------------------------------------------------------------------- officer cards


def _new_card_code() -> str:
    return "".join(secrets.choice(CARD_ALPHABET) for _i in range(CARD_CODE_LENGTH))


def do_issue_card(officer: User, *, actor: Any) -> FeedbackCard:
    """The officer's feedback card (made once; a second call returns it)."""
    if actor is not None and not (actor == officer or can_manage_surveys(actor)):
        raise PermissionDenied(_("You may not change this."))
    if not can_hold_feedback_card(officer):
        raise ValidationError(_("Feedback cards are for officers."))
    existing = FeedbackCard.objects.filter(officer=officer).first()
    if existing is not None:
        return existing
    for _attempt in range(10):
        try:
            with transaction.atomic():
                card = FeedbackCard.objects.create(officer=officer, code=_new_card_code())
                record_change(actor, TrustEvent.CARD_ISSUED, card, officer=officer.pk)
                return card
        except IntegrityError:
            existing = FeedbackCard.objects.filter(officer=officer).first()
            if existing is not None:
                return existing
    raise RuntimeError("could not find a free card code")


def normalize_card_code(code: str) -> str:
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    return code if len(code) <= 12 and all(c in CARD_ALPHABET for c in code) else ""


def do_submit_card_answer(
    card: FeedbackCard,
    *,
    respectful: Any,
    listened: Any,
    explained: Any,
    client_address: str = "",
    actor: Any,
) -> CardAnswer:
    if not card.is_active:
        raise ValidationError(_("This card is no longer in use."))
    low, high = CARD_SCALE
    errors: dict[str, list[str]] = {}
    values: dict[str, int] = {}
    for name, value in (("respectful", respectful), ("listened", listened),
                        ("explained", explained)):
        try:
            values[name] = _scale(value, name, low, high)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        answer = CardAnswer.objects.create(
            card=card, submitted_on=timezone.localdate(),
            source_hash=source_hash(client_address), **values,
        )
        record_change(actor, TrustEvent.CARD_ANSWERED, card)
    return answer


# ---------------------------------------------------------------------------- filings


def find_card(code: str) -> FeedbackCard | None:
    code = normalize_card_code(code)
    if not code:
        return None
    return FeedbackCard.objects.select_related("officer").filter(code=code).first()


def do_submit_filing(
    *,
    kind: str,
    description: str,
    officer_description: str = "",
    card_code: str = "",
    area: Area | None = None,
    occurred_on: dt.date | None = None,
    anonymous: bool = True,
    filer_name: str = "",
    filer_email: str = "",
    filer_phone: str = "",
    actor: Any,
) -> tuple[Filing, str]:
    """A commendation or complaint; returns it and the private follow-up token (shown once).

    Complaints go to the body named by TRUST_COMPLAINT_BODY; the officer named by a card
    code is linked, otherwise the description is kept as typed.
    """
    if kind not in Filing.Kind.values:
        raise ValidationError({"kind": _("Choose a commendation or a complaint.")})
    description = _clean_text(description, "description", limit=5000, multiline=True)
    officer_description = _clean_text(officer_description, "officer_description", limit=200,
                                      required=False)
    officer = None
    if card_code:
        card = find_card(card_code)
        if card is None:
            raise ValidationError({"card_code": _("No officer card has this code. Check the "
                                                  "code, or leave it empty.")})
        officer = card.officer
    if occurred_on is not None and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    if anonymous:
        filer_name = filer_email = filer_phone = ""
    else:
        filer_name = _clean_text(filer_name, "filer_name", limit=120, required=False)
        filer_phone = _clean_text(filer_phone, "filer_phone", limit=40, required=False)
        filer_email = (filer_email or "").strip()[:254]
        if not (filer_name or filer_email or filer_phone):
            raise ValidationError({"filer_name": _("Give a name or a way to reach you, or "
                                                   "choose to stay anonymous.")})
    token = secrets.token_urlsafe(18)
    now = timezone.now()
    with transaction.atomic():
        filing = Filing.objects.create(
            kind=kind, reference=f"tmp-{secrets.token_hex(6)}",
            follow_token_hash=token_hash(token), officer=officer,
            officer_description=officer_description, area=area, occurred_on=occurred_on,
            description=description, anonymous=anonymous, filer_name=filer_name,
            filer_email=filer_email, filer_phone=filer_phone,
            body_id=complaint_body_id() if kind == Filing.Kind.COMPLAINT else None,
            created_at=now,
        )
        prefix = "C" if kind == Filing.Kind.COMPLAINT else "K"
        filing.reference = f"{prefix}-{now.year}-{filing.pk:06d}"
        filing.save(update_fields=["reference"])
        # The audit entry names neither the filer nor the officer: the log is read by
        # admins, who are not the complaints body.
        event = (TrustEvent.COMPLAINT_FILED if kind == Filing.Kind.COMPLAINT
                 else TrustEvent.COMMENDATION_FILED)
        record_change(actor, event, filing, routed=filing.body_id is not None)
    return filing, token


def do_update_complaint(
    filing: Filing, *, status: str, outcome: str = "", note_to_filer: str = "", actor: Any
) -> Filing:
    if actor is not None:
        _require(can_handle_complaints(actor, filing))
    if status not in Filing.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if outcome not in Filing.Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if status == Filing.Status.CLOSED and not outcome:
        raise ValidationError({"outcome": _("Give the outcome when closing a complaint.")})
    note = _clean_text(note_to_filer, "note_to_filer", limit=4000, required=False,
                       multiline=True)
    with transaction.atomic():
        locked = Filing.objects.select_for_update().get(pk=filing.pk)
        locked.status = status
        locked.outcome = outcome if status == Filing.Status.CLOSED else ""
        if note:
            locked.note_to_filer = note
        locked.closed_at = (locked.closed_at or timezone.now()) if status == Filing.Status.CLOSED \
            else None
        locked.save(update_fields=["status", "outcome", "note_to_filer", "closed_at"])
        record_change(actor, TrustEvent.COMPLAINT_UPDATED, locked, status=status,
                      outcome=outcome)
    return locked


# ---------------------------------------------------------------------------- retention

ABUSE_WINDOW = dt.timedelta(hours=48)
CONTACT_RETENTION = dt.timedelta(days=730)


def purge_source_hashes(now: dt.datetime) -> int:
    """Forget which address sent an answer once the abuse window has passed."""
    cutoff = now - ABUSE_WINDOW
    changed = Response.objects.filter(submitted_at__lt=cutoff).exclude(source_hash="").update(
        source_hash=""
    )
    changed += CardAnswer.objects.filter(
        submitted_on__lt=cutoff.date()
    ).exclude(source_hash="").update(source_hash="")
    return changed


def purge_filer_contacts(now: dt.datetime) -> int:
    """Filers' contact details go two years after their filing closed."""
    return (
        Filing.objects.filter(closed_at__lt=now - CONTACT_RETENTION)
        .exclude(filer_name="", filer_email="", filer_phone="")
        .update(filer_name="", filer_email="", filer_phone="")
    )

