-- Creates TEMP TABLE report_budget_actuals: for every budget line and every month from the
-- first month of data (or January of $month's year, if earlier) to $last_month (DATE), the spend the line covers (NULL after $month or in
-- a month without data) and its budget (the month's override, else the monthly amount).
CREATE OR REPLACE TEMP TABLE report_budget_actuals AS
WITH months AS (
    SELECT unnest(generate_series(least(min(month), date_trunc('year', $month::DATE)::DATE),
                                   $last_month::DATE, INTERVAL 1 MONTH))::DATE AS month
    FROM report_cube
),
spend AS (
    SELECT m.line_id, c.month, sum(c.cost) AS actual
    FROM report_budget_match AS m
    JOIN report_cube AS c ON c.rowid = m.cell_id
    WHERE c.month <= $month::DATE
    GROUP BY ALL
),
data_months AS (
    SELECT DISTINCT currency, month FROM report_cube WHERE month <= $month::DATE
)
SELECT
    l.line_id,
    'budget:' || l.line_id                                  AS series,
    l.currency,
    m.month,
    CASE WHEN d.month IS NOT NULL THEN coalesce(s.actual, 0) END AS actual,
    coalesce(o.amount, l.monthly)                           AS budget
FROM report_budget_lines AS l
CROSS JOIN months AS m
LEFT JOIN spend AS s ON s.line_id = l.line_id AND s.month = m.month
LEFT JOIN data_months AS d ON d.currency = l.currency AND d.month = m.month
LEFT JOIN report_budget_months AS o ON o.line_id = l.line_id AND o.month = m.month
