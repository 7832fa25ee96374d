-- Per budget line, in file order: $month's (DATE) budget, actual spend and variance (actual -
-- budget; positive is an overrun), the share used, and from the line's forecast (report_fit,
-- report_forecast) the first month after $month of the same year whose median forecast exceeds
-- that month's budget. Year columns cover the months of $month's calendar year that have data
-- or are still ahead: their budget, and the actual spend plus the forecast of the months left.
-- forecast_volatile_reason: as for the class forecasts (macros.sql, $max_se, $max_range).
WITH this_month AS (
    SELECT line_id, actual, budget FROM report_budget_actuals WHERE month = $month::DATE
),
year_rows AS (
    SELECT a.line_id,
           sum(a.budget)                                                  AS year_budget,
           sum(a.actual) FILTER (WHERE a.month <= $month::DATE)           AS year_actual,
           sum(f.amount) FILTER (WHERE a.month > $month::DATE)            AS year_ahead,
           count(f.amount) FILTER (WHERE a.month > $month::DATE)          AS months_ahead
    FROM report_budget_actuals AS a
    LEFT JOIN report_forecast AS f ON f.series = a.series AND f.month = a.month
    -- (The year as a range of dates: DuckDB takes milliseconds to plan year(a) = year(b).)
    WHERE a.month >= date_trunc('year', $month::DATE)
      AND a.month < date_trunc('year', $month::DATE) + INTERVAL 1 YEAR
      AND (a.actual IS NOT NULL OR a.month > $month::DATE)
    GROUP BY a.line_id
),
spread AS (
    SELECT series, max(half_width) AS half_width, bool_or(capped) AS capped
    FROM report_forecast
    WHERE starts_with(series, 'budget:')
    GROUP BY series
),
first_overrun AS (
    SELECT a.line_id,
           min(a.month)                           AS month,
           arg_min(f.amount - a.budget, a.month)  AS excess
    FROM report_budget_actuals AS a
    JOIN report_forecast AS f ON f.series = a.series AND f.month = a.month
    WHERE a.month > $month::DATE AND a.month < date_trunc('year', $month::DATE) + INTERVAL 1 YEAR
      AND f.amount > a.budget
    GROUP BY a.line_id
)
SELECT
    l.line_id, l.name, l.scope, l.currency,
    round(t.budget, 2)                                        AS budget,
    round(t.actual, 2)                                        AS actual,
    round(t.actual - t.budget, 2)                             AS variance,
    CASE WHEN t.budget > 0 THEN round((t.actual / t.budget)::DOUBLE, 6) END AS used,
    CASE WHEN t.actual IS NULL THEN 'no_data'
         WHEN t.actual > t.budget THEN 'over'
         WHEN o.month IS NOT NULL THEN 'forecast_over'
         ELSE 'ok' END                                        AS status,
    fit.status                                                AS forecast_status,
    fit.history_months                                        AS forecast_history_months,
    CASE WHEN fit.status = 'ok' THEN
        volatile_reason(sp.capped, fit.residual_se, sp.half_width, $max_se, $max_range) END
                                                              AS forecast_volatile_reason,
    strftime(o.month, '%Y-%m')                                AS forecast_overrun_month,
    o.excess::DECIMAL(38, 2)                                  AS forecast_overrun_amount,
    round(y.year_budget, 2)                                   AS year_budget,
    CASE WHEN 12 - month($month::DATE) = 0 THEN round(y.year_actual, 2)
         WHEN y.months_ahead = 12 - month($month::DATE)
         THEN round(y.year_actual::DECIMAL(38, 6) + y.year_ahead::DECIMAL(38, 2), 2) END
                                                              AS year_forecast
FROM report_budget_lines AS l
LEFT JOIN this_month AS t USING (line_id)
LEFT JOIN year_rows AS y USING (line_id)
LEFT JOIN first_overrun AS o USING (line_id)
LEFT JOIN report_fit AS fit ON fit.series = 'budget:' || l.line_id
LEFT JOIN spread AS sp ON sp.series = 'budget:' || l.line_id
ORDER BY l.line_id
