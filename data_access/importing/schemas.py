"""Per-kind pandera schemas, generated from the declarations in kinds.py, and their failures mapped back
to the importer's Indonesian messages.

Two schemas per kind and file (only the columns the file has):
- `required_schema` runs on the cells as read: a column declared `required=True` must not be blank
  (empty, '-', 'NULL' …), whatever its type.
- `value_schema` runs on the parsed values: `allowed` values and the plausible `range` (resolved for
  the import by ranges.py). Empty cells pass (a missing value is the required rule's business).

Cells are *parsed* before (parse.py: Indonesian dates, decimal commas, NIPs, code lists); pandera's own
coercion cannot read those formats, so parse failures stay the parser's, with its own messages.
"""
from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pandera.pandas as pa

from data_access.importing import parse
from vocab.kinds import Col, Kind
from data_access.importing.ranges import Bound

REQUIRED_MESSAGE = "wajib diisi."


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def allowed_message(col: Col) -> str:
    names = [_number(v) if isinstance(v, (int, float)) else str(v) for v in col.allowed]
    listed = ", ".join(names[:-1]) + " atau " + names[-1] if len(names) > 1 else names[0]
    return f"harus {listed}."


def required_schema(kind: Kind, fields: set[str]) -> pa.DataFrameSchema:
    columns = {
        c.field: pa.Column(checks=[pa.Check(lambda s: ~parse.blank(s), ignore_na=False, error=REQUIRED_MESSAGE)],
                           nullable=True, required=False)
        for c in kind.columns if c.required is True and c.field in fields
    }
    return pa.DataFrameSchema(columns, strict=False, name=f"{kind.name}: wajib diisi")


def value_schema(kind: Kind, fields: set[str], bounds: dict[str, Bound]) -> pa.DataFrameSchema:
    """`bounds`: ranges.bounds(kind, …), the plausible range of each column that declares one."""
    columns = {}
    for c in kind.columns:
        if c.field not in fields:
            continue
        checks = []
        if c.allowed is not None:
            checks.append(pa.Check.isin(list(c.allowed), error=allowed_message(c)))
        bound = bounds.get(c.field)
        if bound is not None and bound.low is not None and bound.high is not None \
                and bound.low_message == bound.high_message:  # one sentence for the range: rows in order
            checks.append(pa.Check.in_range(bound.low, bound.high, include_min=not bound.low_open,
                                            error=bound.low_message))
        elif bound is not None:
            if bound.low is not None:
                check = pa.Check.gt if bound.low_open else pa.Check.ge
                checks.append(check(bound.low, error=bound.low_message))
            if bound.high is not None:
                checks.append(pa.Check.le(bound.high, error=bound.high_message))
        if checks:
            columns[c.field] = pa.Column(checks=checks, nullable=True, required=False)
    return pa.DataFrameSchema(columns, strict=False, name=f"{kind.name}: nilai")


def failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> Iterator[tuple[str, str, pd.Series]]:
    """(field, Indonesian message, row mask) for every failed check, in the schema's declared order
    (column by column, check by check), so problems are listed as the kind declares its columns."""
    if not schema.columns:
        return
    try:
        schema.validate(frame, lazy=True, inplace=True)  # the checks only read: no copy of the chunk
        return
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    cases = cases[cases["index"].notna()]
    for field_name, column in schema.columns.items():
        for number, check in enumerate(column.checks):
            rows = cases.loc[(cases["column"] == field_name) & (cases["check_number"] == number), "index"]
            if len(rows):
                yield field_name, check.error, pd.Series(frame.index.isin(rows.tolist()), index=frame.index)


def warm_up() -> None:
    """Pandera registers its validation backends on a process's first validation (about 0,4 s here,
    most of it importing Hypothesis' strategies when Hypothesis is installed). A long-lived process or
    a benchmark can pay that once up front, so it is not charged to the first file's rows."""
    pa.DataFrameSchema({"x": pa.Column(checks=[pa.Check.gt(0)])}).validate(pd.DataFrame({"x": [1]}))
