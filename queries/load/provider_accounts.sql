-- The real organisation ids known for a provider (in the warehouse or staged by this load),
-- excluding the placeholder (the provider's name) used when a file names no organisation.
-- $provider. Returns (BillingAccountId), sorted.
SELECT DISTINCT BillingAccountId
FROM (
    SELECT ProviderName, BillingAccountId FROM provider_days
    UNION ALL
    SELECT ProviderName, BillingAccountId FROM temp.provider_stage_windows
)
WHERE ProviderName = $provider AND BillingAccountId <> $provider
ORDER BY 1
