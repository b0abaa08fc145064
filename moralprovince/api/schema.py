"""The refusals every operation can answer with, written into the OpenAPI schema.

drf-spectacular documents only the answer to a request that succeeds. A client (and the
schema test that fuzzes the API) must also know the shape of a refusal: a 400 naming each
field, a 401 without a valid token, a 403 for an act the person's role does not allow, a 404
for a row out of the person's reach, a 415 for a body that is neither JSON nor a form.
"""

from __future__ import annotations

from typing import Any

# DRF's refusal of a whole request: one sentence in the caller's language.
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A refusal of what was sent: each field (or `non_field_errors`, or `detail` for a body that
# could not be read) with its messages; nested serializers nest the same way.
FIELD_ERRORS = {
    "description": (
        "Messages by field name, or `detail` when the body could not be read; for a list of"
        " rows (survey responses), one such object per row."
    ),
    "anyOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "object", "additionalProperties": {}}},
    ],
}
BODY_METHODS = {"post", "put", "patch"}
# A delete is refused with a 400 too, for instance in a plan that is approved.
WRITE_METHODS = {*BODY_METHODS, "delete"}


def _error(description: str, ref: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: Any) -> Any:
    """Add the refusals to every operation that can give them (a drf-spectacular hook)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = DETAIL
    schemas["FieldErrors"] = FIELD_ERRORS
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            _document(method, operation)
    return result


# A time of day is written as Django writes it, "13:30:00", with no offset: the times are
# Bangkok's (the meeting's own clock). OpenAPI's "time" format (RFC 3339) asks for an offset,
# so the schema says what is really sent.
LOCAL_TIME = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"}


def local_times(result: dict[str, Any], generator: Any, request: Any, public: Any) -> Any:
    """Describe times of day as they are sent (a drf-spectacular hook)."""
    _replace_times(result.get("components", {}).get("schemas", {}))
    return result


def _replace_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time":
            del node["format"]
            node.update(LOCAL_TIME)
        for value in node.values():
            _replace_times(value)
    elif isinstance(node, list):
        for value in node:
            _replace_times(value)


def _document(method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    parameters = operation.get("parameters", [])
    if method in WRITE_METHODS or any(p.get("in") == "query" for p in parameters):
        responses.setdefault("400", _error("What was sent was refused.", "FieldErrors"))
    if any(operation.get("security", [])):
        responses.setdefault("401", _error("No valid token was sent.", "ErrorDetail"))
        responses.setdefault("403", _error("The person may not do this.", "ErrorDetail"))
    if any(p.get("in") == "path" for p in parameters):
        responses.setdefault(
            "404", _error("Not found, or out of the person's reach.", "ErrorDetail")
        )
    if method in BODY_METHODS:
        responses.setdefault("415", _error("The body is neither JSON nor a form.", "ErrorDetail"))
