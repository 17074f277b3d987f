"""Spotting obvious personal data in an officer's short note (the interaction log keeps
none): email addresses, phone numbers and people's names.

Names are caught when a capitalised word is a common first name (Faker's US English and
Mexican Spanish lists, already a dependency for the demo) and it is not the first word of
a sentence, or when a title ("Mr.", "Sra.") or "named"/"se llama" introduces it. This is a
guard against the obvious, not a guarantee; the form says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.translation import gettext as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Seven or more digits, allowing the usual separators: (213) 555-0100, 213.555.0100.
PHONE = re.compile(r"(?:\+?\d[\s().-]*){7,}")
TITLED = re.compile(
    r"\b(?:mr|mrs|ms|miss|dr|sr|sra|srta|don|doña|named|called|se llama|llamado|llamada)"
    r"\.?\s+[A-ZÁÉÍÓÚÑ][\w'-]+",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÑáéíóúñü'-]+")
# Capitalised words that are also first names but common in notes about places.
NOT_NAMES = frozenset({"Park", "Hope", "Grace", "Joy", "Faith", "Main", "Street", "Lincoln",
                       "Washington", "Jefferson", "Pico", "Olympic", "Sunset", "Central"})


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    from faker.providers.person.en_US import Provider as English
    from faker.providers.person.es_MX import Provider as Spanish

    names: set[str] = set()
    for provider in (English, Spanish):
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            names.update(str(n) for n in getattr(provider, attribute, ()))
    return frozenset(names - NOT_NAMES)


def _names_in(text: str) -> bool:
    if TITLED.search(text):
        return True
    known = first_names()
    for sentence in re.split(r"[.!?\n]+", text):
        words = WORD.findall(sentence)
        for index, word in enumerate(words):
            if index > 0 and word[:1].isupper() and word in known:
                return True
    return False


def personal_data_in(text: str) -> list[str]:
    """What kinds of personal data `text` seems to hold, described for the officer."""
    found: list[str] = []
    if EMAIL.search(text):
        found.append(_("an email address"))
    if PHONE.search(text):
        found.append(_("a phone number"))
    if _names_in(text):
        found.append(_("a name"))
    return found
