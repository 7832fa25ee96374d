-- The class key of a line item (an expression, not a statement): a hash of every column a
-- classification rule reads, so rows with the same key always get the same class. Computed as
-- each row is loaded (load/bills.py) and, for rows loaded without one, by set_keys.
hash(
    ProviderName, BillingAccountId, SubAccountId, BillingPeriodStart, ChargeCategory,
    ServiceName, ServiceCategory, ServiceSubcategory, RegionId, ResourceId, ResourceType,
    SkuMeter, ChargeDescription, x_UsageType, x_Operation, x_InstanceType, x_ProductCode,
    x_Model, x_TokenType, Tags, x_CostCategories, ConsumedUnit
)
