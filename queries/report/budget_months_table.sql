-- Creates the empty TEMP TABLE of per-month budget overrides (budget_month.sql inserts them).
CREATE OR REPLACE TEMP TABLE report_budget_months (
    line_id INTEGER NOT NULL,
    month   DATE NOT NULL,
    amount  DECIMAL(38, 12) NOT NULL
)
