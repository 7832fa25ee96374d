-- Creates TEMP TABLE cell_staging: every class key with what the report derives from it
-- (report/key_derived.sql) and x_Cell, the hash of all of that and the billing period: keys
-- with the same x_Cell are alike to every report query. Tags without an entry are NULL, so
-- that an empty map and no map (which hash alike) are one cell.
CREATE OR REPLACE TEMP TABLE cell_staging AS
WITH typed AS (
    SELECT k.* REPLACE (CASE WHEN cardinality(k.Tags) > 0 THEN k.Tags END AS Tags),
           coalesce(c.x_WorkloadClass, 'non_ai') AS class,
           accelerated_type(k.accelerator_type, k.x_InstanceType, k.x_UsageType) AS accelerated
    FROM class_keys AS k
    LEFT JOIN line_item_classes AS c USING (x_ClassKey)
),
{include:report/key_derived}
SELECT *,
       hash(BillingPeriodStart, class, provider, service, billing_account, account, x_model,
            Tags, region, model, instance_type, family, capacity_kind, spot_key) AS x_Cell
FROM attributes
