-- Per-model heads-ups for $month (DATE), per currency, AI spend only (training, inference,
-- ai_other):
--   new_model / new_provider / new_region: a model (report_keys.model), provider or region
--     with AI spend in $month and no AI line item in any earlier month, in any currency
--     (class_keys: every key the warehouse holds, with its class; the model by bill_model,
--     key_macros.sql), named with started, the first day of the month it was charged, and
--     amount, its AI spend in the month. Nothing is new in the warehouse's first month.
--   daily_jump: a model that was billed before $month whose daily spend rose, on some day of
--     the month, at least $jump_floor (money) and $jump_share (a fraction: 0.5 = 50 %) above
--     its baseline: the mean daily spend of the 7 days before (days without spend count as
--     0; days before the model's first charge in the window do not count). started: the first
--     such day; day_amount and baseline that day's; growth = (day - baseline) / baseline.
--     Only charges of a day or less count (report_days.short): a monthly charge lands on one
--     day and would look like a jump.
-- Largest amount first, at most $limit of each kind. Reads report_earlier (earlier_items.sql),
-- report_cells, report_days and report_cube.
WITH history AS (
    SELECT count(DISTINCT month) FILTER (WHERE month < $month::DATE) AS earlier_months
    FROM report_cube
),
month_days AS (
    SELECT d.currency, d.day, d.cost, c.provider, c.region, c.model
    FROM report_days AS d
    JOIN report_cells AS c USING (cell)
    WHERE d.in_month AND c.class IN ('training', 'inference', 'ai_other')
),
month_items AS (
    SELECT currency, 'provider' AS dimension, provider AS key, provider, day, cost FROM month_days
    UNION ALL
    SELECT currency, 'region', region, provider, day, cost FROM month_days WHERE region IS NOT NULL
    UNION ALL
    SELECT currency, 'model', model, provider, day, cost FROM month_days WHERE model IS NOT NULL
),
new_items AS (
    SELECT 'new_' || m.dimension AS kind, m.currency, m.dimension, m.key, m.provider,
           greatest(coalesce(min(m.day) FILTER (WHERE m.cost <> 0), min(m.day)), $month::DATE)
               AS started,
           sum(m.cost) AS amount,
           NULL::DOUBLE AS day_amount, NULL::DOUBLE AS baseline, NULL::DOUBLE AS growth
    FROM month_items AS m
    CROSS JOIN history AS h
    WHERE h.earlier_months > 0
      AND NOT EXISTS (SELECT 1 FROM report_earlier AS e
                      WHERE e.dimension = m.dimension AND e.key = m.key
                        AND e.provider IS NOT DISTINCT FROM m.provider)
    GROUP BY ALL
    HAVING sum(m.cost) > 0
),
model_days AS (
    SELECT d.currency, c.provider, c.model, d.day, sum(d.cost) AS cost
    FROM report_days AS d
    JOIN report_cells AS c USING (cell)
    WHERE d.short AND c.model IS NOT NULL AND c.class IN ('training', 'inference', 'ai_other')
      AND d.day >= $month::DATE - INTERVAL 7 DAY AND d.day < $month::DATE + INTERVAL 1 MONTH
    GROUP BY ALL
),
models AS (
    -- Models billed before $month, with their first charge day in the window.
    SELECT m.currency, m.provider, m.model, min(m.day) FILTER (WHERE m.cost <> 0) AS first_day
    FROM model_days AS m
    WHERE EXISTS (SELECT 1 FROM report_earlier AS e
                  WHERE e.dimension = 'model' AND e.key = m.model
                    AND e.provider IS NOT DISTINCT FROM m.provider)
    GROUP BY ALL
),
spine AS (
    SELECT m.currency, m.provider, m.model, m.first_day, s.day::DATE AS day,
           coalesce(d.cost, 0) AS cost
    FROM models AS m
    CROSS JOIN (SELECT unnest(generate_series($month::DATE - INTERVAL 7 DAY,
                                              $month::DATE + INTERVAL 1 MONTH - INTERVAL 1 DAY,
                                              INTERVAL 1 DAY)) AS day) AS s
    LEFT JOIN model_days AS d
      ON d.currency = m.currency AND d.provider IS NOT DISTINCT FROM m.provider
     AND d.model = m.model AND d.day = s.day::DATE
),
baselines AS (
    SELECT *,
           sum(CASE WHEN day >= first_day THEN cost ELSE 0 END) OVER w
               / nullif(sum(CASE WHEN day >= first_day THEN 1 ELSE 0 END) OVER w, 0) AS baseline
    FROM spine
    WINDOW w AS (PARTITION BY currency, provider, model ORDER BY day
                 ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING)
),
jumps AS (
    SELECT 'daily_jump' AS kind, b.currency, 'model' AS dimension, b.model AS key, b.provider,
           b.day AS started,
           (SELECT sum(x.cost) FROM model_days AS x
            WHERE x.currency = b.currency AND x.provider IS NOT DISTINCT FROM b.provider
              AND x.model = b.model AND x.day >= $month::DATE) AS amount,
           CAST(b.cost AS DOUBLE) AS day_amount,
           CAST(b.baseline AS DOUBLE) AS baseline,
           CAST((b.cost - b.baseline) / b.baseline AS DOUBLE) AS growth
    FROM baselines AS b
    WHERE b.day >= $month::DATE AND b.baseline > 0
      AND b.cost - b.baseline >= $jump_floor AND b.cost - b.baseline >= $jump_share * b.baseline
    QUALIFY row_number() OVER (PARTITION BY b.currency, b.provider, b.model ORDER BY b.day) = 1
),
found AS (
    SELECT * FROM new_items
    UNION ALL
    SELECT * FROM jumps
)
SELECT kind, currency, dimension, key, provider, started,
       round(amount, 2)::DECIMAL(38, 2) AS amount,
       round(day_amount, 2)::DECIMAL(38, 2) AS day_amount,
       round(baseline, 2)::DECIMAL(38, 2) AS baseline,
       round(growth, 6) AS growth
FROM found
QUALIFY row_number() OVER (PARTITION BY currency, kind ORDER BY amount DESC, key) <= $limit
ORDER BY currency, started, kind, amount DESC, key
