-- Creates TEMP TABLE report_fit: per currency and series (the report_trend series, and each
-- budget line as 'budget:<id>'), a log-linear least-squares fit ln(amount) = a + b*t over the
-- unbroken run of months with data that ends at $month (DATE), at most $window months long; t is
-- months from $month (0 at $month). A month with no line item at all (has_data false) is spend
-- nobody knows, not zero: it ends the run, so a few scattered months are never fitted across the
-- gaps between them. Months of zero or negative spend cannot be logged and are left out.
-- status: 'ok' with at least 3 months of positive spend in the run; 'no_spend' with none in the
-- whole window; else 'too_little_history'. history_start: the run's first month (NULL when
-- $month has no data); history_gap: the latest month of the window without data (the one just
-- before the run, or $month itself), NULL when every month of the window has data.
-- monthly_growth = exp(b) - 1; residual_se is the fit's standard error in log space.
CREATE OR REPLACE TEMP TABLE report_fit AS
WITH window_months AS (
    SELECT currency, month, has_data
    FROM report_trend
    WHERE series = 'total'
      AND month <= $month::DATE AND month > $month::DATE - to_months($window::INTEGER)
),
runs AS (
    SELECT currency,
           max(month) FILTER (WHERE NOT has_data)               AS gap,
           min(month) FILTER (WHERE has_data)                   AS first_data
    FROM window_months
    GROUP BY currency
),
run_bounds AS (
    SELECT currency, gap,
           CASE WHEN gap IS NULL THEN first_data
                WHEN gap < $month::DATE THEN (gap + INTERVAL 1 MONTH)::DATE END AS run_start
    FROM runs
),
series AS (
    SELECT currency, series, month, amount FROM report_trend
    UNION ALL
    SELECT currency, series, month, actual FROM report_budget_actuals
),
points AS (
    SELECT s.currency, s.series,
           datediff('month', $month::DATE, s.month)::DOUBLE                         AS t,
           CASE WHEN s.amount > 0 AND s.month >= r.run_start
                THEN ln(s.amount::DOUBLE) END                                        AS y,
           s.amount > 0                                                              AS spent,
           r.run_start, r.gap
    FROM series AS s
    JOIN run_bounds AS r USING (currency)
    WHERE s.month <= $month::DATE AND s.month > $month::DATE - to_months($window::INTEGER)
),
fit AS (
    SELECT currency, series,
           any_value(run_start)                AS run_start,
           any_value(gap)                      AS gap,
           coalesce(bool_or(spent), false)     AS spent,
           regr_count(y, t)                    AS n,
           regr_slope(y, t)                    AS b,
           regr_intercept(y, t)                AS a,
           regr_sxx(y, t)                      AS sxx,
           avg(t) FILTER (WHERE y IS NOT NULL) AS t_mean,
           -- Residual sum of squares of the fit; >= 0 up to float error.
           greatest(regr_syy(y, t) - regr_slope(y, t) ^ 2 * regr_sxx(y, t), 0) AS sse
    FROM points
    GROUP BY currency, series
)
SELECT
    currency, series, n::INTEGER AS history_months,
    CASE WHEN n >= 3 THEN 'ok' WHEN NOT spent THEN 'no_spend' ELSE 'too_little_history' END
                                                              AS status,
    run_start                                                 AS history_start,
    gap                                                       AS history_gap,
    CASE WHEN n >= 3 THEN a END                               AS a,
    CASE WHEN n >= 3 THEN b END                               AS b,
    CASE WHEN n >= 3 THEN exp(b) - 1 END                      AS monthly_growth,
    CASE WHEN n >= 3 THEN sqrt(sse / (n - 2)) END             AS residual_se,
    sxx, t_mean, n
FROM fit
