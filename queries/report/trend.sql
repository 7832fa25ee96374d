-- Creates TEMP TABLE report_trend: one row per currency, month and series from the currency's
-- first month to $month (DATE). Series: the four classes (training, inference, ai_other,
-- non_ai), ai_total (the three AI classes) and total. Unrounded: amount, month-over-month
-- change, the 3-month compound monthly growth rate, and the month's inference shares (share_of:
-- macros.sql, NULL where credits would put a share outside 0..1).
-- A month with no line item at all has has_data = false and NULL amounts (missing, not zero).
-- Reads report_cube; trend_rows.sql selects and rounds the report window.
CREATE OR REPLACE TEMP TABLE report_trend AS
WITH bounds AS (
    -- A $month before the currency's first month still gets its (empty) row.
    SELECT currency, least(min(month), $month::DATE) AS first_month
    FROM report_cube
    GROUP BY currency
),
months AS (
    SELECT currency,
           unnest(generate_series(first_month, $month::DATE, INTERVAL 1 MONTH))::DATE AS month
    FROM bounds
),
per_class AS (
    SELECT m.currency, m.month,
           count(c.month) > 0                                          AS has_data,
           coalesce(sum(c.cost) FILTER (WHERE c.class = 'training'), 0)  AS training,
           coalesce(sum(c.cost) FILTER (WHERE c.class = 'inference'), 0) AS inference,
           coalesce(sum(c.cost) FILTER (WHERE c.class = 'ai_other'), 0)  AS ai_other,
           coalesce(sum(c.cost) FILTER (WHERE c.class = 'non_ai'), 0)    AS non_ai
    FROM months m
    LEFT JOIN report_cube c ON c.currency = m.currency AND c.month = m.month
    GROUP BY m.currency, m.month
),
wide AS (
    SELECT currency, month, has_data,
           CASE WHEN has_data THEN training END                         AS training,
           CASE WHEN has_data THEN inference END                        AS inference,
           CASE WHEN has_data THEN ai_other END                         AS ai_other,
           CASE WHEN has_data THEN non_ai END                           AS non_ai,
           CASE WHEN has_data THEN training + inference + ai_other END  AS ai_total,
           CASE WHEN has_data THEN training + inference + ai_other + non_ai END AS total,
           -- No AI (or no) spend: the share is undefined, not a division by zero.
           CASE WHEN has_data THEN share_of(inference, training + inference + ai_other) END
                                                                        AS inference_share_of_ai,
           CASE WHEN has_data
                THEN share_of(inference, training + inference + ai_other + non_ai) END
                                                                        AS inference_share_of_total
    FROM per_class
),
long AS (
    SELECT *
    FROM (SELECT *, ai_total AS month_ai_total, total AS month_total FROM wide)
    UNPIVOT INCLUDE NULLS (amount FOR series IN (training, inference, ai_other, non_ai,
                                                 ai_total, total))
)
SELECT
    currency, month, has_data, series, amount, inference_share_of_ai, inference_share_of_total,
    CASE WHEN series IN ('training', 'inference', 'ai_other', 'ai_total')
         THEN share_of(amount, month_ai_total) END                          AS share_of_ai,
    share_of(amount, month_total)                                            AS share_of_total,
    -- Undefined (NULL) when the earlier month is missing or had nothing to grow from.
    CASE WHEN lag(amount) OVER w > 0
         THEN ((amount - lag(amount) OVER w) / lag(amount) OVER w)::DOUBLE END AS mom_change,
    CASE WHEN lag(amount, 3) OVER w > 0 AND amount >= 0
         THEN power((amount / lag(amount, 3) OVER w)::DOUBLE, 1.0 / 3) - 1 END AS cagr_3m,
    inference_share_of_ai - lag(inference_share_of_ai) OVER w              AS share_of_ai_change
FROM long
WINDOW w AS (PARTITION BY currency, series ORDER BY month)
