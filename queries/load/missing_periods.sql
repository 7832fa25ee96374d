-- Rows of load $load_id that cannot be placed in time; returns up to 1 example.
SELECT x_SourceFile, x_SourceLineId
FROM line_item_data
WHERE x_LoadId = $load_id AND (ChargePeriodStart IS NULL OR BillingPeriodStart IS NULL)
LIMIT 1
