-- The class keys of the line items loaded since the last classification ($first_load onwards;
-- older row groups are skipped by their x_LoadId statistics), with the attributes rules read.
CREATE OR REPLACE TEMP TABLE new_keys AS
SELECT
    x_ClassKey,
    any_value(ProviderName)        AS ProviderName,
    any_value(BillingAccountId)    AS BillingAccountId,
    any_value(SubAccountId)        AS SubAccountId,
    any_value(BillingPeriodStart)  AS BillingPeriodStart,
    any_value(BillingPeriodEnd)    AS BillingPeriodEnd,
    any_value(ChargeCategory)      AS ChargeCategory,
    any_value(ServiceName)         AS ServiceName,
    any_value(ServiceCategory)     AS ServiceCategory,
    any_value(ServiceSubcategory)  AS ServiceSubcategory,
    any_value(RegionId)            AS RegionId,
    any_value(ResourceId)          AS ResourceId,
    any_value(ResourceType)        AS ResourceType,
    any_value(SkuMeter)            AS SkuMeter,
    any_value(ChargeDescription)   AS ChargeDescription,
    any_value(x_UsageType)         AS x_UsageType,
    any_value(x_Operation)         AS x_Operation,
    any_value(x_InstanceType)      AS x_InstanceType,
    any_value(x_ProductCode)       AS x_ProductCode,
    any_value(x_Model)             AS x_Model,
    any_value(x_TokenType)         AS x_TokenType,
    any_value(Tags)                AS Tags,
    any_value(x_CostCategories)    AS x_CostCategories
FROM line_item_data
WHERE x_LoadId >= $first_load
GROUP BY x_ClassKey
