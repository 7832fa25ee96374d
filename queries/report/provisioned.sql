-- Model capacity bought by the hour in the report month (report_compute.capacity_kind):
-- Bedrock provisioned throughput (model-unit hours), Azure OpenAI provisioned throughput units
-- (PTU hours), Vertex AI provisioned throughput. hours: the units x hours billed; cost:
-- EffectiveCost (a PTU reservation's covered hours at their amortised cost); hourly_rate =
-- cost / hours. Largest cost first.
SELECT
    currency, provider, service, capacity_kind AS kind, model, region,
    round(sum(hours), 2)::DOUBLE                                    AS hours,
    round(sum(cost), 2)                                             AS cost,
    round(coalesce(sum(hours) FILTER (WHERE pricing = 'committed'), 0), 2)::DOUBLE AS committed_hours,
    CASE WHEN sum(hours) > 0
         THEN round(CAST(sum(cost) AS DOUBLE) / sum(hours), 6) END  AS hourly_rate
FROM report_compute
WHERE capacity_kind IS NOT NULL AND pricing <> 'unused'
GROUP BY ALL
ORDER BY currency, sum(cost) DESC, provider, service, kind, model, region
