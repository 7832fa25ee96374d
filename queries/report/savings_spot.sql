-- Savings lever training_to_spot, per currency: the on-demand hours of accelerated training
-- fleets run on spot instead, at each fleet's spot discount (the bill's own for its family,
-- else the setting). amount = the sum of the fleets' spot_saving; parts: each fleet's share.
SELECT
    currency,
    round(sum(spot_saving), 2)::DECIMAL(38, 2)                    AS amount,
    round(sum(on_demand_hours), 2)::DOUBLE                        AS hours,
    round(sum(on_demand_cost), 2)::DECIMAL(38, 2)                 AS on_demand_cost,
    list({'provider': provider, 'region': region, 'instance_type': instance_type,
          'hours': round(on_demand_hours, 2)::DOUBLE, 'on_demand_cost': round(on_demand_cost, 2),
          'discount': round(spot_discount, 6), 'source': spot_discount_source,
          'saving': round(spot_saving, 2)::DECIMAL(38, 2)}
         ORDER BY spot_saving DESC, provider, region, instance_type) AS parts
FROM report_fleets
WHERE spot_saving > 0
GROUP BY currency
ORDER BY currency
