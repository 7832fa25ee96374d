-- Savings lever commit_steady_serving, per currency: the steady on-demand hours of accelerated
-- inference fleets (report_fleets.commitable_hours) moved under a commitment, at each fleet's
-- commitment discount (the bill's own for its family, else the setting). amount = the sum of
-- the fleets' commit_saving; on_demand_cost = what those hours cost on demand; parts: each
-- fleet's share of it, largest first, for the lever's assumptions.
SELECT
    currency,
    round(sum(commit_saving), 2)::DECIMAL(38, 2)                  AS amount,
    round(sum(commitable_hours), 2)                               AS hours,
    round(sum(commitable_hours * on_demand_rate), 2)::DECIMAL(38, 2) AS on_demand_cost,
    list({'provider': provider, 'region': region, 'instance_type': instance_type,
          'hours': round(commitable_hours, 2), 'on_demand_rate': round(on_demand_rate, 6),
          'discount': round(commitment_discount, 6), 'source': commitment_discount_source,
          'saving': round(commit_saving, 2)::DECIMAL(38, 2)}
         ORDER BY commit_saving DESC, provider, region, instance_type) AS parts
FROM report_fleets
WHERE commit_saving > 0
GROUP BY currency
ORDER BY currency
