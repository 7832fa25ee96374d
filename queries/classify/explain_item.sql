-- The line items an analyst asks about, $id: a provider's line item id, a resource id, or a
-- class key (AI-provider usage and cost rows have neither id). Returns the class key and what
-- the rules read, one row per class key (largest first; one more than is shown, so the caller
-- can say that there are more).
SELECT
    x_ClassKey, x_WorkloadClass, x_ClassRule, x_ClassConfidence,
    any_value(ProviderName) AS provider, any_value(SubAccountId) AS account,
    any_value(BillingAccountId) AS billing_account,
    any_value(ServiceName) AS service, any_value(x_UsageType) AS usage_type,
    any_value(x_InstanceType) AS instance_type, any_value(ResourceId) AS resource,
    any_value(Tags) AS tags, strftime(any_value(BillingPeriodStart), '%Y-%m') AS month,
    count(*) AS line_items, sum(EffectiveCost) AS effective_cost,
    any_value(BillingCurrency) AS currency
FROM line_items
WHERE x_SourceLineId = $id OR ResourceId = $id OR x_ClassKey = TRY_CAST($id AS UBIGINT)
GROUP BY x_ClassKey, x_WorkloadClass, x_ClassRule, x_ClassConfidence
ORDER BY effective_cost DESC
LIMIT 21
