-- Stamp new line items with their class key: a hash of every column a classification rule
-- reads. Rows with the same key always get the same class.
UPDATE line_item_data
SET x_ClassKey = hash(
    ProviderName, BillingAccountId, SubAccountId, BillingPeriodStart, ChargeCategory,
    ServiceName, ServiceCategory, ServiceSubcategory, RegionId, ResourceId, ResourceType,
    SkuMeter, ChargeDescription, x_UsageType, x_Operation, x_InstanceType, x_ProductCode,
    x_Model, x_TokenType, Tags, x_CostCategories, ConsumedUnit
)
WHERE x_ClassKey IS NULL
