"""The OpenAPI 3.1 document of `/api/v1` (served at `/api/v1/openapi.json`)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["openapi_document"]


def _param(
    name: str, where: str = "query", required: bool = False, about: str = "", kind: str = "string"
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": about,
        "schema": {"type": kind},
    }


_ANSWER = {
    "200": {
        "description": "the answer: the JSON `eol-check` prints for the same question "
        "(docs/check.md, docs/status.md …); header X-Eol-Check-Exit is the CLI's exit code",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    "400": {"$ref": "#/components/responses/Error"},
    "401": {"$ref": "#/components/responses/Error"},
    "404": {"$ref": "#/components/responses/Error"},
    "422": {"$ref": "#/components/responses/Error"},
    "503": {"$ref": "#/components/responses/Error"},
}

_DATE = _param("date", about="evaluate on this date (YYYY-MM-DD; default: today, UTC)")


def openapi_document() -> dict[str, Any]:
    """The document (built on request; it is small)."""
    from .. import __version__

    def get(summary: str, *params: dict[str, Any]) -> dict[str, Any]:
        return {"get": {"summary": summary, "parameters": list(params), "responses": _ANSWER}}

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "eol-check support desk API",
            "version": __version__,
            "description": "SPEC §10: every body is byte for byte the JSON the eol-check "
            "command line prints for the same question; errors carry its one line.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {
                    "description": "the CLI's one-line message",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["error", "status"],
                                "properties": {
                                    "error": {"type": "string"},
                                    "status": {"type": "integer"},
                                },
                            }
                        }
                    },
                }
            },
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/check": get(
                "eol-check check: entitlement and SLA deadlines (audited)",
                _param("product", required=True),
                _param("version", required=True),
                _param("severity", required=True),
                _param("region"),
                _param("reported_at", about="ISO 8601 with an offset; default: now"),
                _param("now", about="ISO 8601 with an offset; default: now"),
                _param("customer", about="a customer id of the contracts database"),
                _DATE,
                _param("tz"),
                _param("format", about="json (default), markdown or text"),
            ),
            "/api/v1/status/{product}": get(
                "eol-check status PRODUCT", _param("product", "path"), _DATE
            ),
            "/api/v1/status/{product}/{version}": get(
                "eol-check status PRODUCT VERSION",
                _param("product", "path"),
                _param("version", "path"),
                _DATE,
            ),
            "/api/v1/preflight": get(
                "eol-check preflight",
                _param("product", required=True),
                _param("installed", required=True),
                _param("target", required=True),
                _DATE,
                _param("allow_prerelease", kind="boolean"),
                _param("allow_downgrade", kind="boolean"),
            ),
            "/api/v1/classify": get(
                "eol-check classify FROM TO",
                _param("from", required=True),
                _param("to", required=True),
                _param("strict", kind="boolean"),
            ),
            "/api/v1/numbering": {
                "post": {
                    "summary": "eol-check numbering VERSION… --next V",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "versions": {"type": "array", "items": {"type": "string"}},
                                        "next": {"type": ["string", "null"]},
                                        "strict": {"type": "boolean"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": _ANSWER,
                }
            },
            "/api/v1/products": get("eol-check products", _DATE),
            "/api/v1/customers/{customer}": get(
                "eol-check customer ID: contracts and entitlement per severity",
                _param("customer", "path"),
                _DATE,
            ),
            "/api/v1/audit": get(
                "eol-check audit: what the service answered",
                _param("customer"),
                _param("from", about="YYYY-MM-DD"),
                _param("to", about="YYYY-MM-DD"),
            ),
            "/api/v1/health": get("a trivial answer (for monitoring and the benchmark)"),
        },
    }
