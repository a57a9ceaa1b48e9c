"""The JSON Schema of an agreement file, built from the loader's own field lists and choices."""

from __future__ import annotations

from compare import load
from compare.model import FUNDING_QUALIFIERS, KINDS, LEGAL_NATURES, STRENGTHS

SCHEMA_ID = "https://accord.invalid/schema/agreement.schema.json"

_DATE = {
    "type": ["string", "integer"],
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "YYYY, YYYY-MM or YYYY-MM-DD: partial dates are allowed",
}
_TEXT = {"type": "string", "minLength": 1}
_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]*$"}
_CODES = {"type": "array", "items": {"type": "string"}}
_URL = {"type": "string", "pattern": "^https?://"}


def _obj(fields: tuple[str, ...], required: tuple[str, ...], props: dict) -> dict:
    missing = set(fields) - set(props)
    assert not missing, f"schema lacks {missing}"  # the schema must follow the loader
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": props,
    }


def agreement_schema() -> dict:
    funding = _obj(
        load.FUNDING_FIELDS,
        ("amount", "currency"),
        {
            "amount": {"type": "number", "minimum": 0},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217"},
            "qualifier": {"enum": list(FUNDING_QUALIFIERS)},
            "note": _TEXT,
        },
    )
    source = _obj(
        load.SOURCE_FIELDS,
        ("id", "title"),
        {
            "id": _TEXT,
            "title": _TEXT,
            "publisher": _TEXT,
            "date": _DATE,
            "url": _URL,
            "kind": _TEXT,
        },
    )
    commitment = _obj(
        load.COMMITMENT_FIELDS,
        ("id", "text", "themes"),
        {
            "id": _ID,
            "text": {
                **_TEXT,
                "description": "a summary in your own words, never the source's wording",
            },
            "themes": {
                **_CODES,
                "minItems": 1,
                "description": "theme ids from themes/; the first is primary",
            },
            "actors": {
                **_CODES,
                "description": "who commits: countries or groups (default: all parties)",
            },
            "where": {**_CODES, "description": "countries, groups or regions it acts in"},
            "agencies": {**_CODES, "description": "agency ids from registries/agencies.yaml"},
            "funding": funding,
            "strength": {"enum": list(STRENGTHS)},
            "source": _TEXT,
            "ref": {**_TEXT, "description": "pinpoint reference: article, paragraph"},
            "url": _URL,
            "notes": _TEXT,
        },
    )
    statement = _obj(
        load.STATEMENT_FIELDS,
        ("speaker", "gist"),
        {k: _TEXT for k in load.STATEMENT_FIELDS},
    )
    figure = _obj(
        load.FIGURE_FIELDS,
        ("id", "description", "value"),
        {
            "id": _TEXT,
            "description": _TEXT,
            "value": {"type": "number"},
            "unit": _TEXT,
            "qualifier": {"enum": list(FUNDING_QUALIFIERS)},
            "period": _TEXT,
            "source": _TEXT,
        },
    )
    top = _obj(
        load.AGREEMENT_FIELDS,
        load.AGREEMENT_REQUIRED,
        {
            "id": _ID,
            "title": _TEXT,
            "short_title": _TEXT,
            "kind": {"enum": list(KINDS)},
            "legal_nature": {"enum": list(LEGAL_NATURES)},
            "status": _TEXT,
            "date": _DATE,
            "place": _TEXT,
            "host": {"type": "string"},
            "parties": {
                **_CODES,
                "description": "ISO 3166 countries (any common name) or groups (G7, EU)",
            },
            "parties_complete": {"type": "boolean"},
            "participants": _CODES,
            "summary": _TEXT,
            "reviewed": _DATE,
            "notes": _TEXT,
            "sources": {"type": "array", "minItems": 1, "items": source},
            "commitments": {"type": "array", "items": commitment},
            "statements": {"type": "array", "items": statement},
            "figures": {"type": "array", "items": figure},
        },
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Accord agreement file",
        **top,
    }
