"""Text checks shared by forms, APIs and renderers."""

from __future__ import annotations

import re

# C0 controls except tab, newline and carriage return, plus DEL and the C1 controls.
_SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What XML 1.0 cannot carry at all (even escaped): C0 controls but tab/LF/CR, surrogates
# and the two non-characters U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def has_forbidden_characters(value: str, *, multiline: bool = False) -> bool:
    pattern = _MULTI_LINE_FORBIDDEN if multiline else _SINGLE_LINE_FORBIDDEN
    return pattern.search(value) is not None


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 forbids."""
    return _XML_FORBIDDEN.sub("", value)
