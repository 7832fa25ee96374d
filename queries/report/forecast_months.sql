-- Creates TEMP TABLE report_forecast: for each series of report_fit with status 'ok' and each
-- month after $month (DATE) through $last_month (DATE), the median forecast exp(a + b*h), h
-- months ahead, and its 80 % prediction interval exp(a + b*h -/+ q * s * sqrt(1 + 1/n +
-- (h - mean t)^2 / Sxx)), q the Student t 0.90 quantile with n - 2 degrees of freedom.
-- All in DOUBLE (exp of a wild fit is inf, never an error), each figure capped at $cap so that
-- sums of them always fit the DECIMAL(38, 6) the report rounds into; capped says it hit the cap.
-- half_width is the interval's half width in log space: high / low = exp(2 * half_width).
CREATE OR REPLACE TEMP TABLE report_forecast AS
WITH quantiles(dof, q) AS (
    VALUES (1, 3.078), (2, 1.886), (3, 1.638), (4, 1.533), (5, 1.476), (6, 1.440),
           (7, 1.415), (8, 1.397), (9, 1.383), (10, 1.372), (11, 1.363), (12, 1.356)
),
horizon AS (
    SELECT unnest(generate_series(1, datediff('month', $month::DATE, $last_month::DATE))) AS h
),
spread AS (
    SELECT f.*, h.h,
           coalesce(q.q, 1.2816) * f.residual_se
               * sqrt(1 + 1 / f.n + (h.h - f.t_mean) ^ 2 / f.sxx) AS half_width
    FROM report_fit AS f
    CROSS JOIN horizon AS h
    LEFT JOIN quantiles AS q ON q.dof = f.n - 2
    WHERE f.status = 'ok'
)
SELECT
    currency, series,
    ($month::DATE + to_months(h::INTEGER))::DATE  AS month,
    least(exp(a + b * h), $cap::DOUBLE)              AS amount,
    least(exp(a + b * h - half_width), $cap::DOUBLE) AS low,
    least(exp(a + b * h + half_width), $cap::DOUBLE) AS high,
    half_width,
    NOT (exp(a + b * h + half_width) < $cap::DOUBLE) AS capped
FROM spread
