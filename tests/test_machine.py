"""The JSON writer: indented, non-ASCII kept, and never a raw control or bidi mark."""

from __future__ import annotations

import io
import json

from compare.render.machine import dump_json, json_text
from compare.safe import json_safe

DATA = {"a": [], "b": {}, "c": [1, 2.5, {"x": None, "y": True}], "é": 'Việt Nam — "q" \\ \t\n'}


def test_json_text_is_indented_and_reads_back_the_same():
    text = json_text(DATA)
    assert json.loads(text) == DATA
    assert text.splitlines()[:3] == ["{", '  "a": [],', '  "b": {},']
    assert "Việt Nam —" in text  # kept, not \\u-escaped


def test_a_lone_surrogate_falls_back_and_is_escaped():
    out = io.StringIO()
    dump_json({"file": "bad-\udc80.yaml"}, out)
    assert json.loads(out.getvalue()) == {"file": "bad-\udc80.yaml"}
    assert "\\udc80" in out.getvalue()


def test_json_safe_escapes_del_c1_and_bidi_marks_only():
    for ch in ("\x7f", "\x85", "\u202e", "\u2066", "\u061c", "\u200f"):
        assert json_safe(f'"{ch}"') == f'"\\u{ord(ch):04x}"'
    assert json_safe('"é — 日本"') == '"é — 日本"'
