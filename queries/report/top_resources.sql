-- The $limit largest resources (ResourceId) within training and within inference in $month
-- (DATE), per currency, with the month before's amount. ResourceId, the provider, the service
-- and the class are attributes of the class key, so the amounts are summed from
-- report_key_costs (key_costs.sql, in the report's cost basis), and so is the resource's name
-- (the largest ResourceName of the chosen resource's keys in the month).
-- Rows without a ResourceId (token spend) are not resources.
WITH keyed AS (
    SELECT
        k.BillingPeriodStart,
        p.x_ClassKey,
        p.currency,
        c.x_WorkloadClass                                AS class,
        k.ResourceId                                     AS key,
        k.ProviderName                                   AS provider,
        k.ServiceName                                    AS service,
        p.resource_name,
        p.cost
    FROM report_key_costs AS p
    JOIN class_keys AS k USING (x_ClassKey)
    JOIN line_item_classes AS c USING (x_ClassKey)
    WHERE k.BillingPeriodStart IN ($month::TIMESTAMP, $month::TIMESTAMP - INTERVAL 1 MONTH)
      AND c.x_WorkloadClass IN ('training', 'inference')
      AND k.ResourceId IS NOT NULL
),
{include:report/top_resources_rank}
