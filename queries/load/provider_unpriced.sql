-- Usage rows of load $load_id that no cost report covers and the price table cannot price (their
-- cost stays 0). Returns (ProviderName, row_count, models: up to 5, comma-separated).
SELECT
    ProviderName,
    count(*) AS row_count,
    string_agg(DISTINCT coalesce(x_Model, '(no model)') || ' ' || coalesce(x_TokenType, ConsumedUnit),
               ', ' ORDER BY coalesce(x_Model, '(no model)') || ' ' || coalesce(x_TokenType, ConsumedUnit))
        AS what
FROM line_item_data AS u
WHERE x_LoadId = $load_id
  AND x_ProviderReport LIKE 'usage%'
  AND NOT x_CostEstimated
  AND NOT EXISTS (
      SELECT 1 FROM provider_days d
      WHERE d.ProviderName = u.ProviderName AND d.BillingAccountId = u.BillingAccountId
        AND d.report NOT LIKE 'usage%' AND d.day = CAST(u.ChargePeriodStart AS DATE))
GROUP BY ProviderName
ORDER BY ProviderName
