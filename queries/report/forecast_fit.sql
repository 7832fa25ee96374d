-- Creates TEMP TABLE report_fit: per currency and series (the report_trend series, and each
-- budget line as 'budget:<id>'), a log-linear least-squares fit ln(amount) = a + b*t over the
-- months in the $window months up to $month (DATE) with a positive amount; t is months from
-- $month (0 at $month). Months of zero or negative spend cannot be logged and are left out.
-- status: 'ok' with at least 3 such months, else 'too_little_history' ('no_spend' with none).
-- monthly_growth = exp(b) - 1; residual_se is the fit's standard error in log space.
CREATE OR REPLACE TEMP TABLE report_fit AS
WITH series AS (
    SELECT currency, series, month, amount FROM report_trend
    UNION ALL
    SELECT currency, series, month, actual FROM report_budget_actuals
),
points AS (
    SELECT currency, series,
           datediff('month', $month::DATE, month)::DOUBLE AS t,
           CASE WHEN amount > 0 THEN ln(amount::DOUBLE) END AS y
    FROM series
    WHERE month <= $month::DATE AND month > $month::DATE - to_months($window::INTEGER)
),
fit AS (
    SELECT currency, series,
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
    CASE WHEN n = 0 THEN 'no_spend' WHEN n < 3 THEN 'too_little_history' ELSE 'ok' END AS status,
    CASE WHEN n >= 3 THEN a END                               AS a,
    CASE WHEN n >= 3 THEN b END                               AS b,
    CASE WHEN n >= 3 THEN exp(b) - 1 END                      AS monthly_growth,
    CASE WHEN n >= 3 THEN sqrt(sse / (n - 2)) END             AS residual_se,
    sxx, t_mean, n
FROM fit
