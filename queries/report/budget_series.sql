-- Per budget line and month, for the budget charts: the months of $month's (DATE) calendar year
-- that have data or are still ahead (the months budget_status.sql's year columns add up), with
-- the month's budget, the actual spend the line covers (NULL ahead of $month), and the line's
-- forecast median and 80 % range (report_forecast; NULL up to $month and without a forecast).
SELECT
    a.line_id,
    strftime(a.month, '%Y-%m')            AS month,
    round(a.budget, 2)                    AS budget,
    round(a.actual, 2)                    AS actual,
    f.amount::DECIMAL(38, 2)              AS forecast,
    f.low::DECIMAL(38, 2)                 AS low,
    f.high::DECIMAL(38, 2)                AS high
FROM report_budget_actuals AS a
LEFT JOIN report_forecast AS f ON f.series = a.series AND f.month = a.month
-- (The year as a range of dates: DuckDB takes milliseconds to plan year(a) = year(b).)
WHERE a.month >= date_trunc('year', $month::DATE)
  AND a.month < date_trunc('year', $month::DATE) + INTERVAL 1 YEAR
  AND (a.actual IS NOT NULL OR a.month > $month::DATE)
ORDER BY a.line_id, a.month
