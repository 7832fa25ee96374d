-- Creates TEMP TABLE report_cells as key_cells.sql does, from class_cells: the attributes of the
-- cells of $month (DATE) and the month before (a superset of report_keys' cells), with the
-- values of the budget tags $tag_keys.
CREATE OR REPLACE TEMP TABLE report_cells AS
SELECT
    x_Cell AS cell, x_WorkloadClass AS class, ProviderName AS provider, ServiceName AS service,
    BillingAccountId AS billing_account, SubAccountId AS account, x_Model AS x_model,
    list_transform($tag_keys::VARCHAR[], lambda t: Tags[t]) AS tag_values, RegionId AS region,
    x_BilledModel AS model, x_AcceleratedType AS instance_type, x_InstanceFamily AS family,
    x_CapacityKind AS capacity_kind, x_SpotKey AS spot_key
FROM class_cells
WHERE BillingPeriodStart IN ($month::TIMESTAMP, $month::TIMESTAMP - INTERVAL 1 MONTH)
