-- The largest AI spend of a month that the classifier decided with less than high confidence.
-- Where a rule of your own (finops-ai classify --rules) would pay off most.
-- $month: the billing month, 'YYYY-MM' (with --example, default: the latest complete month).
-- Portable (Athena/Trino, Spark SQL).
-- Example: finops-ai sql --example uncertain_ai_spend --month 2026-10
SELECT
    ProviderName,
    ServiceName,
    SubAccountId,
    x_WorkloadClass,
    x_ClassRule,
    x_ClassConfidence,
    BillingCurrency,
    count(*) AS line_items,
    sum(EffectiveCost) AS effective_cost
FROM line_items
WHERE x_ClassConfidence IN ('medium', 'low')
  AND x_WorkloadClass IN ('training', 'inference', 'ai_other')
  AND strftime(BillingPeriodStart, '%Y-%m') = $month
GROUP BY ProviderName, ServiceName, SubAccountId, x_WorkloadClass, x_ClassRule,
         x_ClassConfidence, BillingCurrency
ORDER BY effective_cost DESC, ProviderName, ServiceName, SubAccountId, x_ClassRule
LIMIT 20
