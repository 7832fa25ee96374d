"""AWS Cost and Usage Report, legacy (CSV ``lineItem/UsageType`` or Athena Parquet
``line_item_usage_type``) and 2.0 / Data Exports (snake_case with map columns).

Both are normalised to one set of snake_case column names, the names AWS itself uses in Athena
and CUR 2.0, and then mapped to FOCUS by ``queries/ingest/cur_to_focus.sql``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from finops_ai.errors import IngestError
from finops_ai.ingest.columns import (
    DECIMAL,
    Projected,
    cast_expr,
    check_type,
    project,
    quote_ident,
    what_is_wrong,
)
from finops_ai.ingest.detect import Layout
from finops_ai.resources import load_query

T, TS, D, MAP = "VARCHAR", "TIMESTAMP", DECIMAL, "MAP(VARCHAR, VARCHAR)"

# Canonical CUR columns the mapping query reads, with their types.
CUR_COLUMNS: dict[str, str] = {
    "identity_line_item_id": T,
    "bill_invoice_id": T,
    "bill_invoicing_entity": T,
    "bill_billing_entity": T,
    "bill_payer_account_id": T,
    "bill_payer_account_name": T,
    "bill_billing_period_start_date": TS,
    "bill_billing_period_end_date": TS,
    "line_item_usage_account_id": T,
    "line_item_usage_account_name": T,
    "line_item_line_item_type": T,
    "line_item_usage_start_date": TS,
    "line_item_usage_end_date": TS,
    "line_item_product_code": T,
    "line_item_usage_type": T,
    "line_item_operation": T,
    "line_item_availability_zone": T,
    "line_item_resource_id": T,
    "line_item_usage_amount": D,
    "line_item_currency_code": T,
    "line_item_unblended_rate": D,
    "line_item_unblended_cost": D,
    "line_item_net_unblended_cost": D,
    "line_item_line_item_description": T,
    "line_item_legal_entity": T,
    "product_product_name": T,
    "product_servicecode": T,
    "product_instance_type": T,
    "product_region": T,
    "product_region_code": T,
    "product_location": T,
    "product_sku": T,
    "pricing_term": T,
    "pricing_unit": T,
    "pricing_public_on_demand_cost": D,
    "pricing_public_on_demand_rate": D,
    "reservation_reservation_a_r_n": T,
    "reservation_effective_cost": D,
    "reservation_unused_amortized_upfront_fee_for_billing_period": D,
    "reservation_unused_recurring_fee": D,
    "savings_plan_savings_plan_a_r_n": T,
    "savings_plan_savings_plan_effective_cost": D,
    "savings_plan_total_commitment_to_date": D,
    "savings_plan_used_commitment": D,
}

# Without these a CUR cannot be costed or placed in time.
REQUIRED = {
    "line_item_unblended_cost": "lineItem/UnblendedCost",
    "line_item_usage_start_date": "lineItem/UsageStartDate",
}

# What a bill needs to show what each Savings Plan covered (ingest/cur_sp_covered.sql).
_SP_COVERAGE = {
    "line_item_line_item_type",
    "savings_plan_savings_plan_a_r_n",
    "savings_plan_savings_plan_effective_cost",
}

# CUR 2.0 keeps most product attributes only inside its `product` map.
_PRODUCT_MAP_KEYS = {
    "product_product_name": "product_name",
    "product_servicecode": "servicecode",
    "product_instance_type": "instance_type",
    "product_region": "region",
    "product_region_code": "region_code",
    "product_location": "location",
    "product_sku": "sku",
}


def snake(header: str) -> str:
    """``lineItem/UsageAccountId`` -> ``line_item_usage_account_id``, as AWS's Athena names it
    (``reservation/ReservationARN`` -> ``reservation_reservation_a_r_n``)."""
    out = []
    for i, ch in enumerate(header.replace("/", "_")):
        if ch.isupper():
            if i and out[-1] != "_":
                out.append("_")
            out.append(ch.lower())
        else:
            out.append(ch)
    return "".join(out)


def _tag_key(raw: str) -> str:
    # User tags lose their "user:" prefix (as FOCUS exports show them); AWS tags keep "aws:".
    key = re.sub(r"^user[:_]", "", raw)
    return re.sub(r"^aws_", "aws:", key)


def project_cur(layout: Layout, path: Path, name: str) -> Projected:
    found: dict[str, tuple[str, str]] = {}
    tag_cols: list[tuple[str, str]] = []  # (tag key, file column)
    category_cols: list[tuple[str, str]] = []
    map_cols: dict[str, tuple[str, str]] = {}
    for column, dtype in layout.columns.items():
        written = layout.header(column)
        if written.startswith("resourceTags/"):
            tag_cols.append((_tag_key(written.split("/", 1)[1]), column))
            continue
        if written.startswith("costCategory/"):
            category_cols.append((written.split("/", 1)[1], column))
            continue
        canonical = snake(column) if "/" in column else column.lower()
        if canonical in ("resource_tags", "cost_category", "product"):
            map_cols[canonical] = (column, dtype)
        elif canonical.startswith("resource_tags_"):
            tag_cols.append((_tag_key(canonical.removeprefix("resource_tags_")), column))
        elif canonical.startswith("cost_category_"):
            category_cols.append((canonical.removeprefix("cost_category_"), column))
        elif canonical in CUR_COLUMNS:
            found[canonical] = (column, dtype)

    for canonical, header in REQUIRED.items():
        if canonical not in found:
            raise IngestError(
                name,
                f"missing required column {header} ({canonical})",
                "Is this a complete CUR export? Re-export it with its cost columns",
            )

    params: dict[str, object] = dict(layout.params(path))
    extra: dict[str, str] = {}
    map_checks = []
    for column, dtype in map_cols.values():
        check_type(column, dtype, MAP, name)
        map_checks.append((column, what_is_wrong(column, dtype, MAP)))
    if "product" in map_cols:
        product = cast_expr(*map_cols["product"], MAP)
        for canonical, key in _PRODUCT_MAP_KEYS.items():
            if canonical not in found:
                params[f"pk_{canonical}"] = key
                extra[canonical] = f"{product}[$pk_{canonical}]"
    extra["tags"] = _map_expr("tag", tag_cols, map_cols.get("resource_tags"), params)
    extra["cost_categories"] = _map_expr("cc", category_cols, map_cols.get("cost_category"), params)
    extra["sp_covered_cost"] = f"CAST(NULL AS {DECIMAL})"
    wanted = {c: t for c, t in CUR_COLUMNS.items() if c not in extra}
    projected = project(
        layout.reader(), params, wanted, found, extra, name=name, extra_checks=tuple(map_checks)
    )
    if "savings_plan_total_commitment_to_date" in found or not found.keys() >= _SP_COVERAGE:
        return projected
    # No commitment figures: the recurring fees' unused part comes from the covered usage, at
    # the price of reading the file's few Savings Plan columns twice more.
    sql = (
        f"WITH cur_src AS NOT MATERIALIZED ({projected.sql})\n{load_query('ingest/cur_sp_covered')}"
    )
    return dataclasses.replace(projected, sql=sql)


def _map_expr(
    prefix: str,
    columns: list[tuple[str, str]],
    map_col: tuple[str, str] | None,
    params: dict[str, object],
) -> str:
    """A MAP(VARCHAR, VARCHAR) from a CUR 2.0 map column or from legacy one-column-per-key."""
    if map_col is not None:
        raw = cast_expr(*map_col, MAP)
        if prefix != "tag":
            return raw
        # CUR 2.0 tag keys look like user_team / aws_autoscaling_group_name. (A CASE on
        # prefixes is several times faster here than regexp_replace over map entries.)
        return (
            f"map(list_transform(map_keys({raw}), lambda k: CASE "
            "WHEN starts_with(k, 'user_') OR starts_with(k, 'user:') THEN k[6:] "
            "WHEN starts_with(k, 'aws_') THEN 'aws:' || k[5:] ELSE k END), "
            f"map_values({raw}))"
        )
    if not columns:
        return "CAST(NULL AS MAP(VARCHAR, VARCHAR))"
    params[f"{prefix}_keys"] = [key for key, _ in columns]
    values = ", ".join(
        f"NULLIF(trim(CAST({quote_ident(col)} AS VARCHAR)), '')" for _, col in columns
    )
    return (
        f"map_from_entries(list_filter(list_transform(list_zip(${prefix}_keys, [{values}]), "
        "lambda p: {'key': p[1], 'value': p[2]}), lambda e: e.value IS NOT NULL))"
    )
