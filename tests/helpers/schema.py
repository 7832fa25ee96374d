"""Put a warehouse back as an older release left it, for the upgrade tests."""

from __future__ import annotations

import re

import duckdb

from finops_ai.resources import query_path


def undo_migration(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Drop the columns queries/schema/<version>_*.sql added, and its record."""
    (path,) = query_path("schema").glob(f"{version:03d}_*.sql")
    sql = path.read_text(encoding="utf-8")
    for table, column in re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", sql):
        con.execute(f"ALTER TABLE IF EXISTS {table} DROP COLUMN IF EXISTS {column}")
    con.execute("DELETE FROM schema_migrations WHERE version = $v", {"v": version})


def undo_migration_010(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what queries/schema/010_usage_pattern.sql added (its columns), and its record."""
    undo_migration(con, 10)


def undo_migration_011(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what queries/schema/011_delivery_identity.sql added (its columns), and its record."""
    undo_migration(con, 11)


# What schema 11 stored that migration 012 renamed, and the columns it left NULL.
_LEGACY_TOKEN_TYPES = {
    "cache_read": "cached input",
    "cache_write_5m": "cache write 5m",
    "cache_write_1h": "cache write 1h",
    "cache_write": "cache write",
    "embedding": "input",
}


def undo_migration_012(con: duckdb.DuckDBPyConnection) -> None:
    """Put back what queries/schema/012_token_dimension.sql changed, as schema 11 stored it:
    AI provider token types in their old spelling (and no 'other'), no model or token type on
    cloud rows, the old inference_by_model, no token_line_items, none of its columns, no
    'tokens' fingerprint. Class keys are left as they are: a schema 11 warehouse's keys were
    computed from these values, and the upgrade keys every changed row again anyway."""
    undo_migration_013(con)  # a schema 11 warehouse has none of the later ones either
    con.execute("DROP VIEW IF EXISTS token_line_items")
    for new, old in _LEGACY_TOKEN_TYPES.items():
        con.execute(
            "UPDATE line_item_data SET x_TokenType = $old "
            "WHERE x_ProviderReport IS NOT NULL AND x_TokenType = $new",
            {"old": old, "new": new},
        )
    con.execute(
        "UPDATE line_item_data SET x_TokenType = NULL "
        "WHERE x_ProviderReport IS NOT NULL AND x_TokenType = 'other'"
    )
    con.execute(
        "UPDATE line_item_data SET x_Model = NULL, x_TokenType = NULL "
        "WHERE x_ProviderReport IS NULL AND (x_Model IS NOT NULL OR x_TokenType IS NOT NULL)"
    )
    undo_migration(con, 12)
    (views,) = query_path("schema").glob("005_*.sql")
    text = views.read_text(encoding="utf-8")
    old_view = re.search(r"^CREATE VIEW inference_by_model AS\n.*?;\n", text, re.M | re.S)
    assert old_view, "005 defines inference_by_model"
    con.execute(old_view[0].replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
    con.execute(
        "CREATE OR REPLACE VIEW line_items AS "
        "SELECT d.*, c.x_WorkloadClass, c.x_ClassRule, c.x_ClassConfidence "
        "FROM line_item_data AS d LEFT JOIN line_item_classes AS c USING (x_ClassKey)"
    )
    con.execute("DELETE FROM classifier_inputs WHERE name = 'tokens'")


def undo_migration_013(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the views queries/schema/013_capacity_views.sql created, and its record."""
    undo_migration_014(con)  # a schema 12 warehouse has none of the later ones either
    for view in (
        "accelerated_usage_monthly",
        "commitment_utilization_monthly",
        "provisioned_capacity_monthly",
    ):
        con.execute(f"DROP VIEW IF EXISTS {view}")
    undo_migration(con, 13)


def undo_migration_014(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the views queries/schema/014_unit_economics.sql created, and its record."""
    undo_migration_015(con)  # a schema 13 warehouse has none of the later ones either
    for view in ("unit_economics_monthly", "cache_savings_monthly", "batch_share_monthly"):
        con.execute(f"DROP VIEW IF EXISTS {view}")
    undo_migration(con, 14)


def undo_migration_015(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the class_key_totals columns queries/schema/015_key_totals_billed.sql added (a
    schema 14 warehouse's totals held line items and EffectiveCost only), and its record."""
    undo_migration_016(con)  # a schema 14 warehouse has none of the later ones either
    undo_migration(con, 15)


def undo_migration_016(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the report's cells (queries/schema/016_report_cells.sql), their fingerprint and the
    migration's record: a schema 15 warehouse's report derived them from class_keys."""
    tables = ("cells", "key_cells", "cell_totals", "cell_days", "cell_compute", "cell_models")
    for table in (f"class_{name}" for name in tables):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute("DELETE FROM classifier_inputs WHERE name = 'cells'")
    undo_migration(con, 16)
