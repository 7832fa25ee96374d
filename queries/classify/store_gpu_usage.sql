-- The GPU/accelerator instance-hours of the new line items, per class key and charge period
-- start. Only time-based units count: Google bills one VM as GPU, core and RAM SKUs, the RAM in
-- byte-seconds, and a sum across units reached 10^14 "hours". A unit-less quantity is hours (as
-- legacy CURs bill compute); a row without a quantity ran for its charge period.
-- Google's GPU and core SKUs count units x time (8 GPUs for an hour are 8 hours), so a Google
-- key is capped at its charge period: one resource, one instance. Elsewhere a resource may be
-- several instances (an endpoint variant, a scale set) and its hours are its instance-hours.
-- SavingsPlanNegation and other non-usage rows add none. DOUBLE: a fleet of 100,000 instances
-- or a unit nobody expected must not overflow a DECIMAL.
INSERT INTO gpu_usage
SELECT
    x_ClassKey,
    ChargePeriodStart,
    max(seconds) AS seconds,
    CASE WHEN any_value(ProviderName) ILIKE 'Google%'
         THEN least(sum(hours), max(seconds) / 3600) ELSE sum(hours) END AS hours,
    any_value(ResourceId) AS ResourceId,
    sum(EffectiveCost) AS EffectiveCost
FROM (
    SELECT
        d.x_ClassKey, d.ChargePeriodStart, d.ProviderName, d.ResourceId, d.EffectiveCost,
        epoch(d.ChargePeriodEnd) - epoch(d.ChargePeriodStart) AS seconds,
        CASE
            WHEN d.x_LineItemType IS NOT NULL AND d.ConsumedQuantity IS NULL THEN 0
            WHEN d.ConsumedQuantity IS NULL
                THEN (epoch(d.ChargePeriodEnd) - epoch(d.ChargePeriodStart)) / 3600
            ELSE CAST(d.ConsumedQuantity AS DOUBLE) * CASE
                WHEN coalesce(trim(d.ConsumedUnit), '') = '' THEN 1.0
                WHEN regexp_matches(lower(trim(d.ConsumedUnit)),
                                    '^([0-9]+ )?(h|hr|hrs|hour|hours)$') THEN 1.0
                WHEN regexp_matches(lower(trim(d.ConsumedUnit)),
                                    '^(s|sec|secs|second|seconds)$') THEN 1.0 / 3600
                WHEN regexp_matches(lower(trim(d.ConsumedUnit)),
                                    '^(min|mins|minute|minutes)$') THEN 1.0 / 60
                WHEN regexp_matches(lower(trim(d.ConsumedUnit)), '^(d|day|days)$') THEN 24.0
                ELSE 0.0
            END
        END AS hours
    FROM line_item_data AS d
    WHERE d.x_LoadId >= $first_load
      AND d.x_ClassKey IN (SELECT x_ClassKey FROM class_keys WHERE accelerator_type IS NOT NULL)
      AND d.x_ClassKey IN (SELECT x_ClassKey FROM new_keys)
)
GROUP BY x_ClassKey, ChargePeriodStart
