-- Creates TEMP TABLE report_fleets: the report month's ($month, DATE) accelerated training and
-- inference compute per fleet (currency, provider, class, region, instance type), from
-- report_compute: hours and cost by pricing (committed, spot, on_demand), and the savings
-- levers that rest on them.
--   * The steady base: the fewest instances running in any charge period of the window the
--     provider's data covers (from $month to its last accelerated charge, at most the month's
--     end), when the fleet ran in every one of those periods, else 0. Instances in a period
--     = its hours / the period's length. steady_hours = base x the window's hours: what ran
--     around the clock, the part of a fleet a commitment fits.
--   * commitable_hours (inference only): steady hours that ran on demand, after the committed
--     and spot hours: least(on-demand hours, steady hours - committed - spot hours), never < 0.
--   * commitment_discount: the bill's own discount on committed usage of the same provider and
--     family in the month, 1 - EffectiveCost / ListCost (bill), when it lies strictly between
--     0 and 1; else $commitment_discount (setting). Likewise spot_discount from the family's
--     spot usage, else $spot_discount.
--   * commit_saving = commitable hours x the fleet's on-demand cost per hour x its commitment
--     discount; spot_saving (training only) = on-demand cost x spot discount.
-- Unrounded (fleet_rows.sql rounds); money in DOUBLE, as the savings multiply by rates.
CREATE OR REPLACE TEMP TABLE report_fleets AS
WITH usage AS (
    SELECT * FROM report_compute
    WHERE instance_type IS NOT NULL AND pricing <> 'unused'
      AND class IN ('training', 'inference')
),
coverage AS (
    -- The window the provider's accelerated data covers this month.
    SELECT currency, provider,
           epoch(least(max(period_end), $month::TIMESTAMP + INTERVAL 1 MONTH))
               - epoch($month::TIMESTAMP) AS window_seconds
    FROM report_compute
    WHERE instance_type IS NOT NULL AND pricing <> 'unused'
    GROUP BY currency, provider
),
periods AS (
    SELECT currency, provider, class, region, instance_type, period_start,
           epoch(max(period_end)) - epoch(period_start)      AS period_seconds,
           sum(hours)                                        AS hours
    FROM usage
    WHERE period_start >= $month::TIMESTAMP
    GROUP BY currency, provider, class, region, instance_type, period_start
),
profile AS (
    SELECT p.currency, p.provider, p.class, p.region, p.instance_type,
           max(c.window_seconds)                             AS window_seconds,
           median(p.period_seconds)                          AS period_seconds,
           count(*) FILTER (WHERE p.hours > 0)               AS periods_run,
           min(p.hours * 3600 / p.period_seconds)            AS fewest_instances
    FROM periods AS p
    JOIN coverage AS c USING (currency, provider)
    WHERE p.period_seconds > 0
    GROUP BY ALL
),
family_discounts AS (
    SELECT currency, provider, family,
           CASE WHEN sum(list_cost) FILTER (WHERE pricing = 'committed') > 0
                THEN 1 - CAST(sum(cost) FILTER (WHERE pricing = 'committed') AS DOUBLE)
                       / CAST(sum(list_cost) FILTER (WHERE pricing = 'committed') AS DOUBLE)
           END AS bill_commitment_discount,
           CASE WHEN sum(list_cost) FILTER (WHERE pricing = 'spot') > 0
                THEN 1 - CAST(sum(cost) FILTER (WHERE pricing = 'spot') AS DOUBLE)
                       / CAST(sum(list_cost) FILTER (WHERE pricing = 'spot') AS DOUBLE)
           END AS bill_spot_discount
    FROM report_compute
    WHERE family IS NOT NULL AND pricing IN ('committed', 'spot')
    GROUP BY ALL
),
fleets AS (
    SELECT currency, provider, class, region, instance_type,
           any_value(family)                                                   AS family,
           sum(hours)                                                          AS hours,
           coalesce(sum(hours) FILTER (WHERE pricing = 'committed'), 0)        AS committed_hours,
           coalesce(sum(hours) FILTER (WHERE pricing = 'spot'), 0)             AS spot_hours,
           coalesce(sum(hours) FILTER (WHERE pricing = 'on_demand'), 0)        AS on_demand_hours,
           sum(cost)                                                           AS cost,
           coalesce(sum(cost) FILTER (WHERE pricing = 'committed'), 0)         AS committed_cost,
           coalesce(sum(cost) FILTER (WHERE pricing = 'spot'), 0)              AS spot_cost,
           coalesce(sum(cost) FILTER (WHERE pricing = 'on_demand'), 0)         AS on_demand_cost
    FROM usage
    GROUP BY ALL
),
judged AS (
    SELECT f.*,
           p.window_seconds / 3600                                   AS window_hours,
           CASE WHEN p.periods_run >= round(p.window_seconds / p.period_seconds)
                THEN p.fewest_instances ELSE 0 END                   AS steady_instances,
           CASE WHEN d.bill_commitment_discount > 0 AND d.bill_commitment_discount < 1
                THEN d.bill_commitment_discount END                  AS bill_commitment_discount,
           CASE WHEN d.bill_spot_discount > 0 AND d.bill_spot_discount < 1
                THEN d.bill_spot_discount END                        AS bill_spot_discount
    FROM fleets AS f
    LEFT JOIN profile AS p USING (currency, provider, class, region, instance_type)
    LEFT JOIN family_discounts AS d USING (currency, provider, family)
),
priced AS (
    SELECT *,
           coalesce(steady_instances, 0) * coalesce(window_hours, 0)  AS steady_hours,
           CASE WHEN on_demand_hours > 0
                THEN CAST(on_demand_cost AS DOUBLE) / on_demand_hours END AS on_demand_rate,
           coalesce(bill_commitment_discount, $commitment_discount::DOUBLE) AS commitment_discount,
           CASE WHEN bill_commitment_discount IS NOT NULL THEN 'bill' ELSE 'setting' END
                                                                      AS commitment_discount_source,
           coalesce(bill_spot_discount, $spot_discount::DOUBLE)       AS spot_discount,
           CASE WHEN bill_spot_discount IS NOT NULL THEN 'bill' ELSE 'setting' END
                                                                      AS spot_discount_source
    FROM judged
)
SELECT *,
       CASE WHEN class = 'inference'
            THEN greatest(least(on_demand_hours, steady_hours - committed_hours - spot_hours), 0)
            ELSE 0 END                                                AS commitable_hours,
       CASE WHEN class = 'inference' AND on_demand_rate IS NOT NULL
            THEN greatest(least(on_demand_hours, steady_hours - committed_hours - spot_hours), 0)
                 * on_demand_rate * commitment_discount
            ELSE 0 END                                                AS commit_saving,
       CASE WHEN class = 'training' AND on_demand_cost > 0
            THEN CAST(on_demand_cost AS DOUBLE) * spot_discount ELSE 0 END AS spot_saving
FROM priced
