"""The targets file format (SPEC §1) as pydantic models, derived from the declarations in
`data.py`: the check that reports every problem, and the JSON Schema.

`TargetsFile.model_validate(data)` on the parsed TOML is the whole check. Each field applies
the rule `data.py` declares for it, so a failure carries the rule's stable `type` and `ctx`,
which `load.py` turns into located, translated messages. `to_data()` gives the plain
dataclasses that the rest of ntm works on.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ntm_cli.targets_file import data, rules, unit_data
from ntm_cli.targets_file.rules import RuleError, RuleErrors

_FORBID = ConfigDict(extra="forbid", frozen=True)


def _pydantic(error: RuleError) -> PydanticCustomError:
    return PydanticCustomError(error.kind, error.message, error.context)


def _checked(rule: rules.Rule) -> Any:
    """A rule of rules.py as a pydantic validator; a table's several errors stay several."""

    def validate(value: Any) -> Any:
        try:
            return rule(value)
        except RuleError as error:
            raise _pydantic(error) from None
        except RuleErrors as errors:
            details = [
                InitErrorDetails(type=_pydantic(error), loc=loc, input=value)
                for loc, error in errors.errors
            ]
            raise ValidationError.from_exception_data("table", details) from None

    return PlainValidator(validate)


def located_errors(found: list[tuple[tuple[Any, ...], RuleError]]) -> ValidationError:
    """Problems found at places of the file (`unit_rules.Located`) as one ValidationError."""
    return ValidationError.from_exception_data(
        "targets",
        [InitErrorDetails(type=_pydantic(error), loc=loc, input=None) for loc, error in found],
    )


def _one_kind(self: Any) -> Any:
    """The rules that span several keys of one target, after each key is checked."""
    try:
        self.to_data().check()
    except RuleError as error:
        raise _pydantic(error) from None
    return self


def _model(kind: type, validators: dict[str, Any] | None = None) -> type[BaseModel]:
    """The pydantic model of one dataclass of data.py, field for field."""
    fields: dict[str, Any] = {}
    for item in dataclasses.fields(kind):
        meta = item.metadata
        if meta.get("internal"):
            continue
        if "nested" in meta:
            annotation: Any = _model(unit_data.declared(meta["nested"])) | None
        else:
            annotation = Annotated[Any, _checked(meta["rule"]), WithJsonSchema(meta["schema"])]
        alias = meta.get("alias")
        if item.default_factory is not dataclasses.MISSING:
            spec = Field(default_factory=item.default_factory, description=meta["doc"], alias=alias)
        elif item.default is not dataclasses.MISSING:
            spec = Field(default=item.default, description=meta["doc"], alias=alias)
        else:
            spec = Field(description=meta["doc"], alias=alias)
        fields[item.name] = (annotation, spec)
    model: Any = create_model(
        kind.__name__,
        __config__=_FORBID,
        __doc__=kind.__doc__,
        __validators__=validators or {},
        **fields,
    )
    model.to_data = _to_data(kind)
    return model  # type: ignore[no-any-return]


def _to_data(kind: type) -> Any:
    names = [item.name for item in dataclasses.fields(kind) if not item.metadata.get("internal")]

    def to_data(self: Any) -> Any:
        values = {}
        for name in names:
            value: Any = getattr(self, name)
            if isinstance(value, BaseModel):
                value = cast(Any, value).to_data()
            values[name] = value
        return kind(**values)

    return to_data


Program = _model(data.Program)
Baseline = _model(data.Baseline)
Rollup = _model(unit_data.Rollup)
Target = _model(data.Target, {"_one_kind": model_validator(mode="after")(_one_kind)})
Standard = _model(unit_data.Standard)
Criterion = _model(unit_data.Criterion)
Unit = _model(unit_data.Unit)


def _errors_of(handler: ValidatorFunctionWrapHandler, value: Any) -> list[InitErrorDetails]:
    """Every problem `handler` finds in `value`, to be raised again with one more (a wrap
    validator reports its own problem together with all the others)."""
    try:
        handler(value)
    except ValidationError as exc:
        return [
            InitErrorDetails(
                type=PydanticCustomError(e["type"], e["msg"], e.get("ctx")),
                loc=e["loc"],
                input=e["input"],
            )
            for e in exc.errors()
        ]
    return []


class TargetsFile(BaseModel):
    """A whole `targets.toml`."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        # at least one [[target]] or [[unit]] (SPEC §1)
        json_schema_extra={
            "anyOf": [
                {"required": ["target"], "properties": {"target": {"minItems": 1}}},
                {"required": ["unit"], "properties": {"unit": {"minItems": 1}}},
            ]
        },
    )

    program: Program = Field(  # type: ignore[valid-type]
        default_factory=lambda: Program(), description="The programme."
    )
    target: list[Target] = Field(  # type: ignore[valid-type]
        default_factory=list, description="The targets: at least one [[target]] or [[unit]]."
    )
    standard: list[Standard] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Version 3: recognition standards, lowest first (SPEC §12.1).",
    )
    criterion: list[Criterion] = Field(  # type: ignore[valid-type]
        default_factory=list, description="Version 3: the criteria units are assessed against."
    )
    unit: list[Unit] = Field(  # type: ignore[valid-type]
        default_factory=list, description="Version 3: communes and districts."
    )

    @model_validator(mode="wrap")
    @classmethod
    def _some_target(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """At least one [[target]] or [[unit]], reported with every other problem."""
        empty = isinstance(value, dict) and not value.get("target") and not value.get("unit")
        if not empty:
            return handler(value)
        details = _errors_of(handler, value)
        details.insert(
            0,
            InitErrorDetails(
                type=PydanticCustomError("too_short", "the file has no [[target]]"),
                loc=("target",),
                input=[],
            ),
        )
        raise ValidationError.from_exception_data("targets", details)

    @model_validator(mode="after")
    def _across_tables(self) -> TargetsFile:
        """The rules of SPEC §12.1 that span tables (unit_rules.py), each at its place in
        the file."""
        from ntm_cli.targets_file import unit_rules

        found = unit_rules.problems(self.to_data())
        if found:
            raise located_errors(found)
        return self

    @field_validator("target", mode="wrap")
    @classmethod
    def _unique_ids(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> list[Any]:
        """Ids are unique; a repeat is reported together with every other problem."""
        repeats = rules.duplicate_ids(value) if isinstance(value, list) else []
        if not repeats:
            return handler(value)  # type: ignore[no-any-return]
        details = _errors_of(handler, value)
        details += [
            InitErrorDetails(
                type=PydanticCustomError(
                    "duplicate_id", "id {id} is already used", {"id": tid, "first": first}
                ),
                loc=(index, "id"),
                input=tid,
            )
            for index, tid, first in repeats
        ]
        raise ValidationError.from_exception_data("target", details)

    def to_data(self) -> data.Document:
        """The plain dataclasses the rest of ntm works on."""
        targets: list[Any] = self.target
        program: Any = self.program
        standards: list[Any] = self.standard
        criteria: list[Any] = self.criterion
        units: list[Any] = self.unit
        return data.Document(
            [t.to_data() for t in targets],
            program.to_data(),
            [s.to_data() for s in standards],
            [c.to_data() for c in criteria],
            [u.to_data() for u in units],
        )


# The tables of the file by their place in it, for "did you mean" (load.py).
TABLES: dict[str, type[BaseModel]] = {
    "": TargetsFile,
    "program": Program,
    "target": Target,
    "baseline": Baseline,
    "rollup": Rollup,
    "standard": Standard,
    "criterion": Criterion,
    "unit": Unit,
}
