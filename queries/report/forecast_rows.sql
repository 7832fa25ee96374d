-- Per currency and report_trend series: the fit (report_fit) and its forecast months
-- (report_forecast, NULL month when there is no forecast), rounded, in month order.
-- volatile_reason (NULL: not volatile): macros.sql's volatile_reason, the first that holds of
--   * 'runaway': some forecast figure hit report_forecast's cap;
--   * 'swings': the residual standard error exceeds $max_se in log space (with 0.5: months
--     typically off the trend by more than +65 % / -40 %);
--   * 'wide_range': in some forecast month the 80 % range's high is more than $max_range times
--     its low (too few months for how far ahead it forecasts).
WITH spread AS (
    SELECT currency, series, max(half_width) AS half_width, bool_or(capped) AS capped
    FROM report_forecast
    GROUP BY ALL
)
SELECT
    f.currency, f.series, f.status, f.history_months,
    strftime(f.history_start, '%Y-%m') AS history_start,
    strftime(f.history_gap, '%Y-%m')   AS history_gap,
    round(f.monthly_growth, 6)        AS monthly_growth,
    round(f.residual_se, 6)           AS residual_se,
    volatile_reason(s.capped, f.residual_se, s.half_width, $max_se, $max_range) AS volatile_reason,
    strftime(p.month, '%Y-%m')        AS month,
    -- Straight to cents: DOUBLE -> DECIMAL(38, 6) -> round would turn the cap, 10^18, into
    -- 999,999,999,999,999,983.22.
    p.amount::DECIMAL(38, 2)          AS amount,
    p.low::DECIMAL(38, 2)             AS low,
    p.high::DECIMAL(38, 2)            AS high
FROM report_fit AS f
LEFT JOIN spread AS s USING (currency, series)
LEFT JOIN report_forecast AS p USING (currency, series)
WHERE NOT starts_with(f.series, 'budget:')
ORDER BY f.currency, f.series, p.month
