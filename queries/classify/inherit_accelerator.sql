-- Google bills one accelerator VM as several SKUs: its GPUs (or TPU), and its host's cores and
-- memory. The host SKUs of a VM that bills a GPU or TPU in the same billing period take that
-- accelerator's type, so the VM is one series of one fleet and its whole cost gets its class:
-- N1 cores and memory (the hosts of T4, V100 and P4 GPUs) are CPU SKUs a CPU-only VM bills too,
-- and only the resource tells them apart. queries/distributed/classify.sql does the same.
UPDATE class_keys AS k
SET accelerator_type = g.accelerator_type
FROM (
    SELECT ResourceId, BillingPeriodStart, min(accelerator_type) AS accelerator_type
    FROM class_keys
    WHERE ProviderName ILIKE 'Google%' AND ResourceId IS NOT NULL AND ResourceId <> ''
      AND (accelerator_type LIKE 'nvidia-%' OR accelerator_type LIKE 'tpu%')
      AND ResourceId IN (SELECT ResourceId FROM new_keys)
    GROUP BY ResourceId, BillingPeriodStart
) AS g
WHERE k.ResourceId = g.ResourceId
  AND k.BillingPeriodStart = g.BillingPeriodStart
  AND k.ProviderName ILIKE 'Google%'
  AND k.ChargeCategory = 'Usage'
  AND NOT (coalesce(k.accelerator_type, '') LIKE 'nvidia-%'
           OR coalesce(k.accelerator_type, '') LIKE 'tpu%')
  AND regexp_matches(lower(coalesce(k.SkuMeter, k.ChargeDescription, '')),
                     '\b(core|cpu|ram|memory)\b')
