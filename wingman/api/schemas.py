"""Shapes shared by every part of the API: input checking, errors, pages of results."""

from collections.abc import Callable
from typing import Annotated, Any

from django.db import models
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    field_validator,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import core_schema
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from wingman.core.validation import DateRule, label_of, limit_of, text_message

# Primary keys are 64-bit; anything outside that range cannot name a record.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[
    int,
    Field(ge=1, le=MAX_VERSION, description="The version of the record your change is based on"),
]


class Limit:
    """Annotated metadata for a text field limited as `model.name` is, refused in the service's
    own words ("Note must be 20,000 characters or less"); `required` is what to say when it is
    left blank. The schema shows the limit as maxLength."""

    def __init__(
        self, model: type[models.Model], name: str, *, label: str = "", required: str = ""
    ) -> None:
        self.limit = limit_of(model, name)
        self.label = label or label_of(model, name)
        self.required = required

    def check(self, value: str) -> str:
        message = text_message(value, label=self.label, limit=self.limit, required=self.required)
        if message:
            raise ValueError(message)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: Any, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        shown = dict(handler(schema))
        shown["maxLength"] = self.limit
        if self.required:
            shown["minLength"] = 1
        return shown


class Within:
    """Annotated metadata for a date (YYYY-MM-DD) within a service's rule, refused in the same
    words as the pages: "Due date must be a real date", "Date of birth must be in the past"."""

    def __init__(self, rule: DateRule) -> None:
        self.rule = rule

    def check(self, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            parsed = handler(value)
        except PydanticValidationError:
            raise ValueError(f"{self.rule.label} must be a real date") from None
        message = self.rule.message_for(parsed)
        if message:
            raise ValueError(message)
        return parsed

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_wrap_validator_function(self.check, handler(source))


def checked(check: Callable[[Any], str | None]) -> AfterValidator:
    """Mirror a service's check: `check` answers what is wrong, or None."""

    def run(value: Any) -> Any:
        message = check(value)
        if message:
            raise ValueError(message)
        return value

    return AfterValidator(run)


def clean_text(value: str) -> str:
    """Text the databases can store: no NUL characters and no unpaired surrogates."""
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode") from None
    return value


class QuerySchema(Schema):
    """Query parameters: text is trimmed and checked; choices arrive as their plain values."""

    model_config = ConfigDict(str_strip_whitespace=True, use_enum_values=True)

    @field_validator("*", mode="after")
    @classmethod
    def storable_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    clean_text(item)
        return value


class InputSchema(QuerySchema):
    """Request bodies: as queries, and a field the API does not know is refused."""

    model_config = ConfigDict(extra="forbid")


def _unchanged_unless_sent(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class ChangesSchema(InputSchema):
    """A PATCH body: a field left out keeps its value, so the schema shows no defaults."""

    model_config = ConfigDict(json_schema_extra=_unchanged_unless_sent)


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class ConflictOut(ErrorOut):
    current_version: int | None = Field(None, description="The version saved now")
    submitted_version: int | None = Field(None, description="The version your change was based on")
    current: dict[str, Any] | None = Field(None, description="The record as saved now")
    submitted: dict[str, Any] | None = Field(None, description="The values you sent")


class FieldError(Schema):
    location: str = Field(description="body, query, path or header")
    field: str | None
    message: str


class ValidationErrorOut(Schema):
    detail: str
    field: str | None = None
    errors: list[FieldError]


class PageQuery(QuerySchema):
    limit: int = Field(50, ge=1, le=200, description="How many to return (1 to 200)")
    offset: int = Field(0, ge=0, le=2**31 - 1, description="How many to skip")


ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    422: ValidationErrorOut,
}
READ_ERRORS: dict[int, Any] = {**ERRORS, 404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 409: ConflictOut}
