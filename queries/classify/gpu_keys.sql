-- GPU/accelerator compute that no user rule, tag or service signal explained: candidates for
-- the usage-pattern rules. Each key is put in a fleet: provider, account, region, accelerator
-- type, auto scaling / node group tag where present, and billing period. A fleet is steady even
-- when its instances are replaced every day.
CREATE OR REPLACE TEMP TABLE gpu_keys AS
WITH tagged AS (
    SELECT
        k.x_ClassKey, k.accelerator_type, k.ProviderName, k.BillingAccountId, k.SubAccountId,
        k.RegionId, k.BillingPeriodStart, k.BillingPeriodEnd,
        coalesce(Tags['aws:autoscaling:groupName'], Tags['aws:autoscaling_group_name'],
                 Tags['aws:eks:nodegroup-name'], Tags['eks:nodegroup-name'],
                 Tags['aws:ec2:fleet-id'], Tags['aws:ec2spot:fleet-request-id'],
                 Tags['karpenter.sh/nodepool'], Tags['aws:batch:compute-environment'], '')
            AS fleet_tag
    FROM class_keys AS k
    WHERE k.accelerator_type IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM line_item_class_matches AS m
                      WHERE m.x_ClassKey = k.x_ClassKey AND m.tier <= 3)
)
SELECT
    t.x_ClassKey, t.accelerator_type, t.fleet_tag,
    hash(t.ProviderName, t.SubAccountId, t.RegionId, t.accelerator_type, t.fleet_tag,
         t.BillingPeriodStart) AS fleet_id,
    t.ProviderName, t.BillingAccountId, t.SubAccountId, t.RegionId, t.BillingPeriodStart,
    least(t.BillingPeriodEnd, coalesce(p.last_charge_end, t.BillingPeriodEnd)) AS window_end_hint
FROM tagged AS t
LEFT JOIN bill_partitions AS p
  ON p.ProviderName = t.ProviderName
 AND p.BillingAccountId = coalesce(t.BillingAccountId, '')
 AND p.BillingPeriodStart = t.BillingPeriodStart
