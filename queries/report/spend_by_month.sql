-- Spend per billing month and currency: billed (invoice) and effective (amortised) cost, and the
-- part in FOCUS ServiceCategory 'AI and Machine Learning' (before any training/inference split).
SELECT
    strftime(BillingPeriodStart, '%Y-%m')                                   AS month,
    BillingCurrency                                                         AS currency,
    sum(BilledCost)                                                         AS billed_cost,
    sum(EffectiveCost)                                                      AS effective_cost,
    sum(EffectiveCost) FILTER (WHERE ServiceCategory = 'AI and Machine Learning')
                                                                            AS ai_service_cost,
    count(*)                                                                AS line_items
FROM line_items
GROUP BY ALL
ORDER BY month, currency
