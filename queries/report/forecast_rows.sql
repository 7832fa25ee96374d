-- Per currency and report_trend series: the fit (report_fit) and its forecast months
-- (report_forecast, NULL month when there is no forecast), rounded, in month order.
-- volatile: the residual standard error exceeds 0.5 in log space (typical month-to-month
-- deviation from the trend beyond about +65 % / -40 %), so the range is wide.
SELECT
    f.currency, f.series, f.status, f.history_months,
    round(f.monthly_growth, 6)        AS monthly_growth,
    round(f.residual_se, 6)           AS residual_se,
    coalesce(f.residual_se > 0.5, false) AS volatile,
    strftime(p.month, '%Y-%m')        AS month,
    round(p.amount::DECIMAL(38, 6), 2) AS amount,
    round(p.low::DECIMAL(38, 6), 2)   AS low,
    round(p.high::DECIMAL(38, 6), 2)  AS high
FROM report_fit AS f
LEFT JOIN report_forecast AS p USING (currency, series)
WHERE NOT starts_with(f.series, 'budget:')
ORDER BY f.currency, f.series, p.month
