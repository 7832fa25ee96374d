-- The window each GPU fleet-period is judged on: from the start of the previous loaded billing
-- period of its bill (provider and billing account) to the last charge of the next one, each
-- only when it lies within 32 days, else this period's own bounds. A run seen to start and stop
-- there is a job; a fleet steady last month and this one is serving; a run still going at the
-- window's edge is open, and an open run is never called a job.
-- queries/distributed/classify.sql computes the same window from the export.
CREATE OR REPLACE TEMP TABLE fleet_context AS
WITH partitions AS (
    SELECT
        ProviderName, BillingAccountId, BillingPeriodStart, last_charge_end,
        lag(BillingPeriodStart) OVER w AS previous_start,
        lead(BillingPeriodStart) OVER w AS next_start,
        lead(last_charge_end) OVER w AS next_end
    FROM bill_partitions
    WINDOW w AS (PARTITION BY ProviderName, BillingAccountId ORDER BY BillingPeriodStart)
), members AS (
    SELECT
        k.fleet_id,
        any_value(k.fleet_base) AS fleet_base,
        any_value(c.BillingPeriodStart) AS BillingPeriodStart,
        max(c.window_end_hint) AS window_end,
        min(CASE WHEN p.previous_start >= c.BillingPeriodStart - INTERVAL 32 DAY
                 THEN p.previous_start ELSE c.BillingPeriodStart END) AS context_start,
        max(CASE WHEN p.next_start <= c.BillingPeriodStart + INTERVAL 32 DAY
                 THEN greatest(p.next_end, c.window_end_hint) ELSE c.window_end_hint END)
            AS context_end
    FROM gpu_keys AS k
    JOIN gpu_candidates AS c USING (x_ClassKey)
    LEFT JOIN partitions AS p
      ON p.ProviderName = c.ProviderName
     AND p.BillingAccountId = coalesce(c.BillingAccountId, '')
     AND p.BillingPeriodStart = c.BillingPeriodStart
    GROUP BY k.fleet_id
)
SELECT * FROM members
