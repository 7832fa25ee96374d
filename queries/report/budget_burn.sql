-- Budget burn: for every budget line, in file order, how fast it spends $month (DATE) and when
-- it runs out at that pace.
--   days_elapsed: the days of the month the line's currency's data covers, from the first of
--     the month to the latest end of a charge of a day or less (report_days.short), at most the
--     whole month; the whole month when there are only monthly charges. Fractional.
--   burn_rate = actual (month to date, report_budget_actuals) / days_elapsed, per day.
--   projected = burn_rate x the month's days: the month's spend at that pace.
--   overrun_date: when actual > budget, the first day whose spend to date exceeds the budget
--     (report_days per day, every charge on its charge day, an earlier one on the 1st);
--     else, when projected > budget, the day the budget runs out at the burn rate: the 1st +
--     floor(budget / burn_rate) days; else NULL ("not this month").
--   burn_status: over (overrun already), will_overrun, not_this_month, no_data.
-- A report_days cell counts towards a line through the report_cube cell it lies in (the same
-- month, currency and dimensions), so lines match exactly as budget_match.sql matches them.
WITH month_bounds AS (
    SELECT $month::DATE AS first_day,
           ($month::DATE + INTERVAL 1 MONTH)::DATE AS next_month,
           (epoch($month::DATE + INTERVAL 1 MONTH) - epoch($month::DATE)) / 86400 AS month_days
),
reach AS (
    SELECT currency, max(last_charge_end) FILTER (WHERE short) AS data_end
    FROM report_days
    WHERE in_month
    GROUP BY currency
),
cells AS (
    SELECT q.rowid AS cell_id, d.day, d.cost
    FROM report_days AS d
    JOIN report_cells AS c USING (cell)
    JOIN report_cube AS q
      ON q.month = $month::DATE AND q.currency = d.currency AND q.class = c.class
     AND q.provider IS NOT DISTINCT FROM c.provider AND q.service IS NOT DISTINCT FROM c.service
     AND q.billing_account IS NOT DISTINCT FROM c.billing_account
     AND q.account IS NOT DISTINCT FROM c.account AND q.model IS NOT DISTINCT FROM c.x_model
     AND q.tag_values IS NOT DISTINCT FROM c.tag_values
    WHERE d.in_month
),
line_days AS (
    SELECT m.line_id, greatest(x.day, b.first_day) AS day, sum(x.cost) AS cost
    FROM cells AS x
    JOIN report_budget_match AS m USING (cell_id)
    CROSS JOIN month_bounds AS b
    GROUP BY ALL
),
crossed AS (
    SELECT line_id, day, sum(cost) OVER (PARTITION BY line_id ORDER BY day) AS to_date
    FROM line_days
),
paced AS (
    SELECT
        l.line_id, l.name, l.currency, a.budget, a.actual, b.first_day, b.month_days,
        CASE WHEN r.data_end IS NULL OR r.data_end >= b.next_month THEN b.month_days
             ELSE greatest(epoch(r.data_end) - epoch(b.first_day), 0) / 86400 END AS days_elapsed
    FROM report_budget_lines AS l
    CROSS JOIN month_bounds AS b
    LEFT JOIN report_budget_actuals AS a ON a.line_id = l.line_id AND a.month = b.first_day
    LEFT JOIN reach AS r ON r.currency = l.currency
),
rated AS (
    SELECT *,
           CASE WHEN actual IS NOT NULL AND days_elapsed > 0
                THEN CAST(actual AS DOUBLE) / days_elapsed END AS burn_rate
    FROM paced
)
SELECT
    r.line_id, r.name, r.currency,
    round(r.budget, 2)                                                  AS budget,
    round(r.actual, 2)                                                  AS actual,
    round(r.days_elapsed, 2)                                            AS days_elapsed,
    round(r.month_days, 2)                                              AS month_days,
    round(r.burn_rate, 2)::DECIMAL(38, 2)                               AS burn_rate,
    round(r.burn_rate * r.month_days, 2)::DECIMAL(38, 2)                AS projected,
    CASE
        WHEN r.actual IS NULL THEN NULL
        WHEN r.actual > r.budget THEN coalesce(
            (SELECT min(c.day) FROM crossed AS c
             WHERE c.line_id = r.line_id AND c.to_date > r.budget),
            r.first_day)
        WHEN r.burn_rate > 0 AND r.burn_rate * r.month_days > r.budget
            THEN (r.first_day + to_days(CAST(floor(CAST(r.budget AS DOUBLE) / r.burn_rate) AS INTEGER)))::DATE
    END                                                                 AS overrun_date,
    CASE
        WHEN r.actual IS NULL THEN 'no_data'
        WHEN r.actual > r.budget THEN 'over'
        WHEN r.burn_rate > 0 AND r.burn_rate * r.month_days > r.budget THEN 'will_overrun'
        ELSE 'not_this_month'
    END                                                                 AS burn_status
FROM rated AS r
ORDER BY r.line_id
