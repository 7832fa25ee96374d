-- Billed cost one source put in the stage, per currency. $source.
SELECT BillingCurrency, coalesce(sum(BilledCost), 0) AS billed_cost
FROM temp.provider_stage
WHERE x_SourceFile = $source
GROUP BY BillingCurrency
ORDER BY BillingCurrency NULLS LAST
