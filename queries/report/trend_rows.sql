-- The report's trend window: report_trend's rows for the $window months up to $month (DATE),
-- oldest first, amounts rounded to cents and shares and rates to 6 decimals (fractions: 0.25 =
-- 25 %). share_of_ai is NULL for non_ai and total.
-- share_of_ai_change: the inference share of AI spend minus the month before's, in fraction points.
SELECT
    currency,
    strftime(month, '%Y-%m')              AS month,
    has_data,
    series,
    round(amount, 2)                      AS amount,
    round(share_of_ai, 6)                 AS share_of_ai,
    round(share_of_total, 6)              AS share_of_total,
    round(mom_change, 6)                  AS mom_change,
    round(cagr_3m, 6)                     AS cagr_3m,
    round(inference_share_of_ai, 6)       AS inference_share_of_ai,
    round(inference_share_of_total, 6)    AS inference_share_of_total,
    round(share_of_ai_change, 6)          AS share_of_ai_change
FROM report_trend
WHERE month > $month::DATE - to_months($window::INTEGER)
ORDER BY currency, month, series
