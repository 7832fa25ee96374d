-- The report's accelerated fleets (report_fleets), rounded: hours to 2 decimals, money to
-- cents, shares and rates to 6 decimals (fractions). Shares are of the fleet's hours; they are
-- NULL for a fleet without hours. Largest cost first within each currency and class.
SELECT
    currency, provider, class, region, instance_type, family,
    round(hours, 2)::DOUBLE                                       AS hours,
    round(committed_hours, 2)::DOUBLE                             AS committed_hours,
    round(spot_hours, 2)::DOUBLE                                  AS spot_hours,
    round(on_demand_hours, 2)::DOUBLE                             AS on_demand_hours,
    CASE WHEN hours > 0 THEN round(committed_hours / hours, 6) END AS coverage,
    CASE WHEN hours > 0 THEN round(spot_hours / hours, 6) END     AS spot_share,
    CASE WHEN hours > 0 THEN round(on_demand_hours / hours, 6) END AS on_demand_share,
    round(cost, 2)                                                AS cost,
    round(on_demand_cost, 2)                                      AS on_demand_cost,
    round(on_demand_rate, 6)                                      AS on_demand_rate,
    round(steady_instances, 6)                                    AS steady_instances,
    coalesce(steady_instances, 0) > 0                             AS steady,
    round(commitable_hours, 2)::DOUBLE                            AS commitable_hours,
    round(commitment_discount, 6)                                 AS commitment_discount,
    commitment_discount_source,
    round(spot_discount, 6)                                       AS spot_discount,
    spot_discount_source,
    round(commit_saving, 2)::DECIMAL(38, 2)                       AS commit_saving,
    round(spot_saving, 2)::DECIMAL(38, 2)                         AS spot_saving
FROM report_fleets
ORDER BY currency, class DESC, cost DESC, provider, region, instance_type
