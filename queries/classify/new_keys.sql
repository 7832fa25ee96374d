-- The class keys of the line items loaded since the last classification ($first_load onwards;
-- older row groups are skipped by their x_LoadId statistics), with the attributes rules read.
-- One representative row per key, found by rowid: several times faster than any_value() over
-- every column of every new row.
CREATE OR REPLACE TEMP TABLE new_keys AS
SELECT
    x_ClassKey, ProviderName, BillingAccountId, SubAccountId, BillingPeriodStart,
    BillingPeriodEnd, ChargeCategory, ServiceName, ServiceCategory, ServiceSubcategory, RegionId,
    ResourceId, ResourceType, SkuMeter, ChargeDescription, x_UsageType, x_Operation,
    x_InstanceType, x_ProductCode, x_Model, x_TokenType, Tags, x_CostCategories
FROM line_item_data
WHERE rowid IN (
    SELECT min(rowid) FROM line_item_data WHERE x_LoadId >= $first_load GROUP BY x_ClassKey
)
