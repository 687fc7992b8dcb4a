"""What the OpenAPI description says about the API's own field types."""

from __future__ import annotations

from django_countries import countries
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema_field

from core.approxdate import Precision
from core.listing.filters import (
    MAX_ID,
    MAX_TEXT,
    MAX_YEAR,
    MIN_YEAR,
    CountryFilter,
    RecordIdFilter,
    SearchFilter,
    YearFilter,
)
from people.filters import TopicFilter

PRECISIONS = list(Precision.values)
COUNTRY_CODES = [code for code, _name in countries]


def country_choices():
    """The country fields' choices, for naming their one enum (ENUM_NAME_OVERRIDES)."""
    return list(countries)


# The list filters are the list pages' own (core.listing.filters); their parameter types are
# declared here, so that the pages' code does not depend on the API's libraries.
for filter_class, schema in {
    RecordIdFilter: {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    YearFilter: {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
    SearchFilter: {"type": "string", "maxLength": MAX_TEXT},
    CountryFilter: {"type": "string", "enum": COUNTRY_CODES},
    TopicFilter: {"type": "string", "maxLength": 120, "description": "A topic's slug or id."},
}.items():
    extend_schema_field(schema)(filter_class)


class ApproxDateExtension(OpenApiSerializerFieldExtension):
    target_class = "api.fields.ApproxDateField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return {
                "type": "object",
                "required": ["value", "precision", "approximate", "edtf", "text"],
                "properties": {
                    "value": {"type": "string", "format": "date", "nullable": True,
                              "description": "First day of the period; null when unknown."},
                    "precision": {"type": "string", "enum": PRECISIONS},
                    "approximate": {"type": "boolean"},
                    "edtf": {"type": "string", "nullable": True,
                             "description": "Extended Date/Time Format: 2017~, 2022-21 "
                             "(spring), 2022-33 (first quarter)."},
                    "text": {"type": "string", "description": "As the pages show it."},
                },
            }  # fmt: skip
        return {
            "nullable": True,
            "description": "An object {value, precision, approximate} (value: the first day "
            "of the period), an EDTF string such as 2017~, 2022-05 or 2022-33, or null for an "
            "unknown date.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "value": {"type": "string", "format": "date", "nullable": True},
                        "precision": {"type": "string", "enum": PRECISIONS},
                        "approximate": {"type": "boolean"},
                    },
                },
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?~?$"},
            ],
        }


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.access.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; create a key on the page „API-Schlüssel“.",
        }


ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` with a message, or each field that was wrong with its messages.",
    "additionalProperties": True,
}
ERRORS = {
    "400": "Invalid input (the fields are named); nothing was changed.",
    "401": "No valid API key (header `Authorization: Token <key>`).",
    "403": "The key's user may not do this (reading needs a role, writing the editor role).",
    "404": "No such record.",
    "405": "Method not allowed.",
    "406": "Only JSON is served.",
    "409": "Still referred to by other records; not deleted.",
    "413": "Request body too large.",
    "415": "Only JSON is accepted.",
    "429": "Too many requests with this key; see `Retry-After`.",
}
ANY_OPERATION = ("400", "401", "403", "405", "406", "429")
WRITE_OPERATION = ("413", "415")


class CrmAutoSchema(AutoSchema):
    """Every operation documents the errors it can answer with, in one JSON shape."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = list(ANY_OPERATION)
        if self.method in ("POST", "PUT", "PATCH"):
            codes += WRITE_OPERATION
        if "{" in self.path:
            codes.append("404")
        if self.method == "DELETE":
            codes.append("409")
        for code in codes:
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    "description": ERRORS[code],
                },
            )
        return responses
