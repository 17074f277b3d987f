"""The standard trust instrument: the questions behind the Chicago / NYPD sentiment scores,
with the open "number one issue" question and optional demographics used for weighting.

Questions are plain dicts (kept in `SurveyVersion.questions` as JSON), so a version is a
frozen copy of exactly what respondents saw:

    {"code": "safety", "kind": "scale", "required": True,
     "text": {"en": "...", "es": "..."}, "choices": []}

`kind` is "scale" (0-10), "text" (free text) or "choice" (one of `choices`, each
{"value": ..., "label": {"en": ..., "es": ...}}). Texts are stored in both languages
rather than in the gettext catalog because coordinators write new questions at run time.
"""

from __future__ import annotations

from typing import Any

SCALE_MIN = 0
SCALE_MAX = 10
# The measured questions; their codes are also columns of Response so scores are one query.
SCORED = ("safety", "respect", "listening")
# Demographic variables available for weighting (margins use the same names).
DEMOGRAPHICS = ("age_band", "gender", "race_ethnicity", "tenure")
MAX_TEXT = 2000

Question = dict[str, Any]


def _choice(value: str, en: str, es: str) -> dict[str, Any]:
    return {"value": value, "label": {"en": en, "es": es}}


STANDARD_QUESTIONS: list[Question] = [
    {
        "code": "safety", "kind": "scale", "required": True, "choices": [],
        "text": {
            "en": "When it comes to the threat of crime, how safe do you feel in your "
                  "neighborhood?",
            "es": "En cuanto a la amenaza del delito, ¿qué tan seguro/a se siente en su "
                  "vecindario?",
        },
    },
    {
        "code": "respect", "kind": "scale", "required": True, "choices": [],
        "text": {
            "en": "The police in my neighborhood treat local residents with respect.",
            "es": "La policía de mi vecindario trata con respeto a los residentes.",
        },
    },
    {
        "code": "listening", "kind": "scale", "required": True, "choices": [],
        "text": {
            "en": "The police in my neighborhood listen to and take into account the "
                  "concerns of local residents.",
            "es": "La policía de mi vecindario escucha y tiene en cuenta las preocupaciones "
                  "de los residentes.",
        },
    },
    {
        "code": "top_issue", "kind": "text", "required": False, "choices": [],
        "text": {
            "en": "What is the number one issue in your neighborhood that you would like "
                  "the police to deal with?",
            "es": "¿Cuál es el problema número uno de su vecindario del que le gustaría que "
                  "se ocupara la policía?",
        },
    },
    {
        "code": "age_band", "kind": "choice", "required": False,
        "text": {"en": "Your age", "es": "Su edad"},
        "choices": [
            _choice("18-24", "18 to 24", "De 18 a 24"),
            _choice("25-34", "25 to 34", "De 25 a 34"),
            _choice("35-49", "35 to 49", "De 35 a 49"),
            _choice("50-64", "50 to 64", "De 50 a 64"),
            _choice("65+", "65 or older", "65 o más"),
        ],
    },
    {
        "code": "gender", "kind": "choice", "required": False,
        "text": {"en": "Your gender", "es": "Su género"},
        "choices": [
            _choice("female", "Female", "Femenino"),
            _choice("male", "Male", "Masculino"),
            _choice("other", "Another gender", "Otro género"),
        ],
    },
    {
        "code": "race_ethnicity", "kind": "choice", "required": False,
        "text": {"en": "Your race or ethnicity", "es": "Su raza u origen étnico"},
        "choices": [
            _choice("black", "Black or African American", "Negro/a o afroamericano/a"),
            _choice("hispanic", "Hispanic or Latino", "Hispano/a o latino/a"),
            _choice("white", "White", "Blanco/a"),
            _choice("asian", "Asian", "Asiático/a"),
            _choice("other", "Another race or ethnicity", "Otra raza u origen étnico"),
        ],
    },
    {
        "code": "tenure", "kind": "choice", "required": False,
        "text": {"en": "Do you own or rent your home?",
                 "es": "¿Su vivienda es propia o alquilada?"},
        "choices": [
            _choice("owner", "Own", "Propia"),
            _choice("renter", "Rent", "Alquilada"),
            _choice("other", "Other arrangement", "Otra situación"),
        ],
    },
]


def standard_questions() -> list[Question]:
    """A fresh copy (versions must never share mutable question dicts)."""
    import copy

    return copy.deepcopy(STANDARD_QUESTIONS)


def question_text(question: Question, language: str) -> str:
    texts: dict[str, str] = question.get("text", {})
    return texts.get(language[:2]) or texts.get("en", "")


def choice_label(choice: dict[str, Any], language: str) -> str:
    labels: dict[str, str] = choice.get("label", {})
    return labels.get(language[:2]) or labels.get("en", "") or str(choice["value"])


def choice_values(question: Question) -> list[str]:
    return [str(c["value"]) for c in question.get("choices", [])]
