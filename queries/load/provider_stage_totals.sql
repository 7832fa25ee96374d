-- Rows and billed cost one source put in the stage. $source.
SELECT count(*) AS row_count, coalesce(sum(BilledCost), 0) AS billed_cost
FROM temp.provider_stage
WHERE x_SourceFile = $source
