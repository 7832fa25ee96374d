-- Per currency and report_trend series: the calendar year of $month (DATE) to its end. Actual
-- spend of the year's months up to $month (only the months in the warehouse; months_actual says
-- how many), plus the forecast months of that year (report_forecast). The range adds up the
-- months' bounds, as if they all missed the same way: wider than the true range of a sum.
-- amount is NULL when months remain and the series has no forecast. The forecast sums are DOUBLE
-- of capped months (forecast_months.sql), so DECIMAL(38, 6) holds them and the actual spend.
WITH actual AS (
    SELECT currency, series,
           sum(amount)                          AS actual,
           count(amount)                        AS months_actual
    FROM report_trend
    -- (The year as a range of dates: DuckDB takes milliseconds to plan year(a) = year(b).)
    WHERE month >= date_trunc('year', $month::DATE) AND month <= $month::DATE
    GROUP BY ALL
),
ahead AS (
    SELECT currency, series, sum(amount) AS amount, sum(low) AS low, sum(high) AS high
    FROM report_forecast
    WHERE month >= date_trunc('year', $month::DATE)
      AND month < date_trunc('year', $month::DATE) + INTERVAL 1 YEAR
    GROUP BY ALL
),
remaining AS (
    SELECT 12 - month($month::DATE) AS months
)
SELECT
    a.currency, a.series,
    year($month::DATE)                           AS year,
    a.months_actual,
    (SELECT months FROM remaining)               AS months_forecast,
    round(a.actual, 2)                           AS actual_to_date,
    CASE WHEN (SELECT months FROM remaining) = 0 THEN round(a.actual, 2)
         WHEN f.amount IS NOT NULL
         THEN round(a.actual::DECIMAL(38, 6) + f.amount::DECIMAL(38, 2), 2) END AS amount,
    CASE WHEN (SELECT months FROM remaining) = 0 THEN round(a.actual, 2)
         WHEN f.low IS NOT NULL
         THEN round(a.actual::DECIMAL(38, 6) + f.low::DECIMAL(38, 2), 2) END    AS low,
    CASE WHEN (SELECT months FROM remaining) = 0 THEN round(a.actual, 2)
         WHEN f.high IS NOT NULL
         THEN round(a.actual::DECIMAL(38, 6) + f.high::DECIMAL(38, 2), 2) END   AS high
FROM actual AS a
LEFT JOIN ahead AS f USING (currency, series)
ORDER BY a.currency, a.series
