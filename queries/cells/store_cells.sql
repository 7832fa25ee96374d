INSERT INTO class_cells
SELECT DISTINCT
    x_Cell, BillingPeriodStart, class, provider, service, billing_account, account, x_model,
    Tags, region, model, instance_type, family, capacity_kind, spot_key
FROM cell_staging
