-- GPU/accelerator compute that no workload tag or service signal explains: candidates for the
-- usage-pattern rules, kept between classifications (computed for static_keys, whose tag and
-- signal matches were just recomputed); gpu_keys.sql takes out those a user rule explains.
-- Each key is put in a fleet: provider, account, region, accelerator type, auto scaling / node
-- group tag where present, and billing period (fleet_id), and without the period (fleet_base).
INSERT INTO gpu_candidates BY NAME
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
      AND k.x_ClassKey IN (SELECT x_ClassKey FROM static_keys)
      AND NOT EXISTS (SELECT 1 FROM line_item_class_matches AS m
                      WHERE m.x_ClassKey = k.x_ClassKey AND m.tier IN (2, 3))
)
SELECT
    t.x_ClassKey, t.accelerator_type, t.fleet_tag,
    hash(t.ProviderName, t.SubAccountId, t.RegionId, t.accelerator_type, t.fleet_tag,
         t.BillingPeriodStart) AS fleet_id,
    -- the same fleet in every billing period: its history (queries/classify/fleet_context.sql)
    hash(t.ProviderName, t.SubAccountId, t.RegionId, t.accelerator_type, t.fleet_tag)
        AS fleet_base,
    t.ProviderName, t.BillingAccountId, t.SubAccountId, t.RegionId, t.BillingPeriodStart,
    least(t.BillingPeriodEnd, coalesce(p.last_charge_end, t.BillingPeriodEnd)) AS window_end_hint
FROM tagged AS t
LEFT JOIN bill_partitions AS p
  ON p.ProviderName = t.ProviderName
 AND p.BillingAccountId = coalesce(t.BillingAccountId, '')
 AND p.BillingPeriodStart = t.BillingPeriodStart
