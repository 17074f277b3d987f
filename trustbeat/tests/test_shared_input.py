"""The shared base forms and rate limit that every module's forms and views reuse."""

from __future__ import annotations

from django import forms

from trustbeat.forms import SafeForm


class NoteForm(SafeForm):
    title = forms.CharField()
    body = forms.CharField(widget=forms.Textarea)
    kind = forms.ChoiceField(choices=[("a", "A")])


def test_it_refuses_control_characters_with_a_message_and_skips_conversion():
    form = NoteForm(data={"title": "Hi\x1b[31m", "body": "ok", "kind": "a\x00"})
    assert not form.is_valid()
    assert form.errors["title"] == ["This field contains characters that are not allowed."]
    assert form.errors["kind"] == ["This field contains characters that are not allowed."]
    assert "body" not in form.errors


def test_it_allows_newlines_and_tabs_in_multi_line_fields_only():
    assert NoteForm(data={"title": "Hi", "body": "line 1\r\n\tline 2", "kind": "a"}).is_valid()
    assert not NoteForm(data={"title": "Hi\nthere", "body": "x", "kind": "a"}).is_valid()
