-- Committed capacity in the report month, per currency: accelerated inference hours and the
-- share a commitment covered; the on-demand share of the steady inference fleets (those with a
-- steady base, fleets.sql); accelerated training hours and their spot share; unused
-- commitments (all of them: a plan's unused hours are not anybody's in particular); model
-- capacity bought by the hour. Shares are fractions, NULL without hours.
WITH currencies AS (
    SELECT DISTINCT currency FROM report_compute
),
fleets AS (
    SELECT currency,
           sum(hours) FILTER (WHERE class = 'inference')                        AS inference_hours,
           sum(committed_hours) FILTER (WHERE class = 'inference')              AS inference_committed,
           sum(hours) FILTER (WHERE class = 'inference' AND steady_instances > 0) AS steady_hours,
           sum(on_demand_hours) FILTER (WHERE class = 'inference' AND steady_instances > 0)
                                                                                AS steady_on_demand,
           sum(hours) FILTER (WHERE class = 'training')                         AS training_hours,
           sum(spot_hours) FILTER (WHERE class = 'training')                    AS training_spot
    FROM report_fleets
    GROUP BY currency
),
money AS (
    SELECT currency,
           sum(cost) FILTER (WHERE pricing = 'unused')                          AS unused,
           sum(cost) FILTER (WHERE capacity_kind IS NOT NULL AND pricing <> 'unused') AS provisioned_cost,
           sum(hours) FILTER (WHERE capacity_kind IS NOT NULL AND pricing <> 'unused') AS provisioned_hours
    FROM report_compute
    GROUP BY currency
)
SELECT
    c.currency,
    round(coalesce(f.inference_hours, 0), 2)::DOUBLE                           AS inference_hours,
    CASE WHEN f.inference_hours > 0
         THEN round(f.inference_committed / f.inference_hours, 6) END          AS inference_coverage,
    round(coalesce(f.steady_hours, 0), 2)::DOUBLE                              AS steady_inference_hours,
    CASE WHEN f.steady_hours > 0
         THEN round(f.steady_on_demand / f.steady_hours, 6) END                AS steady_on_demand_share,
    round(coalesce(f.training_hours, 0), 2)::DOUBLE                            AS training_hours,
    CASE WHEN f.training_hours > 0
         THEN round(f.training_spot / f.training_hours, 6) END                 AS training_spot_share,
    round(coalesce(m.unused, 0), 2)                                            AS unused_commitment,
    round(coalesce(m.provisioned_hours, 0), 2)::DOUBLE                         AS provisioned_hours,
    round(coalesce(m.provisioned_cost, 0), 2)                                  AS provisioned_cost
FROM currencies AS c
LEFT JOIN fleets AS f USING (currency)
LEFT JOIN money AS m USING (currency)
ORDER BY c.currency
