"""Google Cloud Billing's standard (and detailed) usage cost export, as BigQuery writes it out:
newline-delimited JSON (or a JSON array) with its nested records, or CSV flattened with dotted
(``service.description``) or underscored (``service_description``) headers.

Fields are matched by name and tolerated absent (Google adds fields over time). The repeated
fields come as JSON text in either form, or as the Python repr some tools write into CSV
(``[{'name': 'FreeTrial:...', 'amount': -5e-06, 'full_name': None}]``): ``credits`` are summed
into one amount per row, ``labels``, ``system_labels``, ``project.labels`` and ``tags`` become
the Tags map. ``queries/ingest/gcp_to_focus.sql`` then maps the rows to FOCUS as Google's own
FOCUS view does (docs/schema.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from finops_ai.errors import IngestError
from finops_ai.ingest.columns import DECIMAL, Projected, project, quote_ident

if TYPE_CHECKING:  # detect.py asks this module about JSON bills
    from finops_ai.ingest.layout import Layout

T, TS, D = "VARCHAR", "TIMESTAMP", DECIMAL

# The export's fields, as BigQuery nests them, with the type the mapping reads them as. The
# canonical column is the path with dots made underscores (service.description ->
# service_description), which is also how flattened CSVs often spell them.
GCP_FIELDS: dict[str, str] = {
    "billing_account_id": T,
    "service.id": T,
    "service.description": T,
    "sku.id": T,
    "sku.description": T,
    "usage_start_time": TS,
    "usage_end_time": TS,
    "project.id": T,
    "project.name": T,
    "location.location": T,
    "location.region": T,
    "location.zone": T,
    "cost": D,
    "cost_at_list": D,
    "currency": T,
    "usage.amount": D,
    "usage.unit": T,
    "usage.amount_in_pricing_units": D,
    "usage.pricing_unit": T,
    "price.effective_price": D,
    "credits": T,
    "invoice.month": T,
    "cost_type": T,
    "adjustment_info.id": T,
    "adjustment_info.description": T,
    "adjustment_info.type": T,
    "adjustment_info.mode": T,
    "resource.name": T,
    "resource.global_name": T,
    "transaction_type": T,
    "seller_name": T,
    "subscription.instance_id": T,
    "labels": T,
    "system_labels": T,
    "project.labels": T,
    "tags": T,
}
# Tag sources, the first to name a key wins (as in Google's FOCUS view).
_TAG_FIELDS = ("labels", "system_labels", "project.labels", "tags")
REQUIRED = ("cost", "usage_start_time")
_MARKS = {"sku_description", "sku_id", "service_description", "service_id"}


def _canonical(field: str) -> str:
    return field.replace(".", "_")


def is_billing_export(lower: set[str]) -> bool:
    """Do these (lower-case) column or top-level field names look like the billing export?"""
    names = {_canonical(c) for c in lower}
    return {"billing_account_id", "cost", "usage_start_time"} <= names and bool(
        names & (_MARKS | {"sku", "service"})
    )


def _json_reader() -> str:
    # Every field as text (->> gives nested arrays as their JSON text), for the typed
    # projection to cast and check like a CSV column.
    fields = ", ".join(
        f"json->>'$.{field}' AS {quote_ident(_canonical(field))}" for field in GCP_FIELDS
    )
    return (
        f"(SELECT {fields} FROM read_json_objects($path, format = 'auto', "
        "compression = $compression))"
    )


def project_gcp(layout: Layout, path: Path, name: str) -> Projected:
    # JSON: every field of the export, read as text by _json_reader (NULL where a row lacks it).
    columns = (
        {_canonical(f): "VARCHAR" for f in GCP_FIELDS} if layout.kind == "json" else layout.columns
    )
    by_name = {_canonical(c.lower()): (c, t) for c, t in columns.items()}
    found = {_canonical(f): by_name[_canonical(f)] for f in GCP_FIELDS if _canonical(f) in by_name}
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        raise IngestError(
            name,
            f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            "Is this a complete Cloud Billing export?",
        )
    if layout.kind == "json":
        reader, params = _json_reader(), {"path": str(path), "compression": layout.compression}
    else:
        reader, params = layout.reader(), dict(layout.params(path))
    extra: dict[str, str] = {}
    checks: list[tuple[str, str]] = []
    credits = found.get("credits")
    extra["credits_total"] = _credits_total(credits[0]) if credits else f"CAST(0 AS {D})"
    if credits:
        checks.append((credits[0], _credits_problem(credits[0])))
    month = found.get("invoice_month")
    extra["invoice_period"] = _invoice_period(month[0]) if month else "CAST(NULL AS TIMESTAMP)"
    if month:
        checks.append((month[0], _invoice_problem(month[0])))
    tag_columns = [found[_canonical(f)][0] for f in _TAG_FIELDS if _canonical(f) in found]
    extra["tags_map"] = _tags_map(tag_columns)
    checks += [(c, _labels_problem(c)) for c in tag_columns]
    wanted = {_canonical(f): t for f, t in GCP_FIELDS.items()}
    return project(reader, params, wanted, found, extra, name=name, extra_checks=tuple(checks))


# ------------------------------------------------------------------------------------------
# The repeated fields: JSON text, or a Python repr ('...' strings, None). Google restricts
# label keys and values to lower-case letters, digits, '_' and '-', so no quote hides in one.


def _text(column: str) -> str:
    ref = quote_ident(column)
    return f"NULLIF(NULLIF(NULLIF(trim({ref}), ''), 'null'), 'None')"


def _is_json_list(text: str) -> str:
    # TRY_CAST: DuckDB evaluates both sides of an AND, so json_valid() guards nothing.
    return f"coalesce(json_type(TRY_CAST({text} AS JSON)) = 'ARRAY', false)"


def _json_items(text: str) -> str:
    return f"CAST(CAST({text} AS JSON) AS JSON[])"


def _repr_items(text: str) -> str:
    return f"regexp_extract_all({text}, '\\{{[^{{}}]*\\}}')"


def _repr_field(item: str, key: str) -> str:
    quote = "[''\"]"  # ' or ", as a regex class inside an SQL string
    value = "([^''\"]*)"
    pattern = f"{quote}{key}{quote}\\s*:\\s*{quote}{value}{quote}"
    return f"nullif(regexp_extract({item}, '{pattern}', 1), '')"


_PAIR = "STRUCT(key VARCHAR, value VARCHAR)[]"


def _pairs(column: str) -> str:
    """SQL: a label column's (key, value) pairs."""
    text = _text(column)
    return (
        f"CASE WHEN {text} IS NULL THEN CAST([] AS {_PAIR}) "
        f"WHEN {_is_json_list(text)} THEN list_transform({_json_items(text)}, "
        "lambda x: struct_pack(key := x->>'key', value := x->>'value')) "
        f"WHEN starts_with({text}, '[') THEN list_transform({_repr_items(text)}, "
        f"lambda x: struct_pack(key := {_repr_field('x', 'key')}, "
        f"value := {_repr_field('x', 'value')})) "
        "ELSE error('labels are not a list of key/value pairs') END"
    )


def _tags_map(columns: list[str]) -> str:
    if not columns:
        return "CAST(NULL AS MAP(VARCHAR, VARCHAR))"
    pairs = f"list_concat({', '.join(_pairs(c) for c in columns)})"
    keys = f"list_transform({pairs}, lambda y: y.key)"
    first = (
        f"list_filter({pairs}, lambda x, i: x.key IS NOT NULL AND list_position({keys}, x.key) = i)"
    )
    return f"map_from_entries({first})"


def _labels_problem(column: str) -> str:
    text = _text(column)
    return (
        f"CASE WHEN {text} IS NOT NULL AND NOT {_is_json_list(text)} "
        f"AND NOT starts_with({text}, '[') THEN 'is not a list of key/value pairs' END"
    )


_REPR_AMOUNT = "''amount''\\s*:\\s*"
_NUMBER = "(-?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)"


def _credits_total(column: str) -> str:
    """SQL: the sum of a row's credit amounts (negative), exactly, 0 when it has none."""
    text = _text(column)
    json_amount = (
        "CASE WHEN x->>'amount' IS NULL THEN error('a credit has no amount') "
        f"ELSE CAST(x->>'amount' AS {D}) END"
    )
    repr_all = f"regexp_extract_all({text}, '''amount''\\s*:')"
    repr_numbers = f"regexp_extract_all({text}, '{_REPR_AMOUNT}{_NUMBER}', 1)"
    return (
        f"CASE WHEN {text} IS NULL THEN CAST(0 AS {D}) "
        f"WHEN {_is_json_list(text)} THEN coalesce(list_sum(list_transform({_json_items(text)}, "
        f"lambda x: {json_amount})), 0) "
        f"WHEN starts_with({text}, '[') AND len({repr_all}) = len({repr_numbers}) "
        f"THEN coalesce(list_sum(list_transform({repr_numbers}, lambda x: CAST(x AS {D}))), 0) "
        "ELSE error('credits are not a list of credits with numeric amounts') END"
    )


def _credits_problem(column: str) -> str:
    text = _text(column)
    bad_json = (
        f"len(list_filter({_json_items(text)}, "
        f"lambda x: TRY_CAST(x->>'amount' AS {D}) IS NULL)) > 0"
    )
    repr_all = f"regexp_extract_all({text}, '''amount''\\s*:')"
    repr_numbers = f"regexp_extract_all({text}, '{_REPR_AMOUNT}{_NUMBER}', 1)"
    bad_repr = (
        f"len({repr_all}) <> len({repr_numbers}) OR len(list_filter({repr_numbers}, "
        f"lambda x: TRY_CAST(x AS {D}) IS NULL)) > 0"
    )
    return (
        f"CASE WHEN {text} IS NULL THEN NULL "
        f"WHEN {_is_json_list(text)} THEN CASE WHEN {bad_json} "
        "THEN 'has a credit whose amount is not a number' END "
        f"WHEN starts_with({text}, '[') THEN CASE WHEN {bad_repr} "
        "THEN 'has a credit whose amount is not a number' END "
        "ELSE 'is not a list of credits' END"
    )


_MONTH = "'(20[0-9]{2})(0[1-9]|1[0-2])'"


def _invoice_period(column: str) -> str:
    """SQL: the invoice month (YYYYMM) as the first instant of that month."""
    text = f"NULLIF(trim({quote_ident(column)}), '')"
    return (
        f"CASE WHEN {text} IS NULL THEN CAST(NULL AS TIMESTAMP) "
        f"WHEN regexp_full_match({text}, {_MONTH}) THEN strptime({text}, '%Y%m') "
        "ELSE error('invoice.month is not a month (YYYYMM)') END"
    )


def _invoice_problem(column: str) -> str:
    text = f"NULLIF(trim({quote_ident(column)}), '')"
    return (
        f"CASE WHEN {text} IS NOT NULL AND NOT regexp_full_match({text}, {_MONTH}) "
        "THEN 'is not a month (YYYYMM)' END"
    )
