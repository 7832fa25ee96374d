-- Every Savings Plan and reservation with covered usage or an unused part in the report month
-- (report_compute): covered_cost, the EffectiveCost of the usage it covered (of which
-- ai_covered_cost the AI classes', accelerated_covered_cost accelerated compute's); unused_cost,
-- what the month paid for nothing; used_share = covered / (covered + unused). Largest unused
-- first. A commitment bill rows name no id of is listed as NULL.
SELECT
    currency, provider, commitment_id, any_value(commitment_type) AS commitment_type,
    round(coalesce(sum(cost) FILTER (WHERE pricing = 'committed'), 0), 2) AS covered_cost,
    round(coalesce(sum(cost) FILTER (WHERE pricing = 'committed'
                                     AND class IN ('training', 'inference', 'ai_other')), 0), 2)
                                                                  AS ai_covered_cost,
    round(coalesce(sum(cost) FILTER (WHERE pricing = 'committed'
                                     AND instance_type IS NOT NULL), 0), 2)
                                                                  AS accelerated_covered_cost,
    round(coalesce(sum(cost) FILTER (WHERE pricing = 'unused'), 0), 2) AS unused_cost,
    round(share_of(coalesce(sum(cost) FILTER (WHERE pricing = 'committed'), 0),
                   coalesce(sum(cost) FILTER (WHERE pricing = 'committed'), 0)
                   + coalesce(sum(cost) FILTER (WHERE pricing = 'unused'), 0)), 6) AS used_share
FROM report_compute
WHERE pricing IN ('committed', 'unused')
GROUP BY currency, provider, commitment_id
ORDER BY currency, unused_cost DESC, covered_cost DESC, provider, commitment_id
