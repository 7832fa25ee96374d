-- Which models drive inference growth: the latest billing month against the month before.
-- Each model's inference spend in both months, the change, and its share of the total change,
-- largest change first. Reads the view inference_by_model. Portable (Athena/Trino, Spark SQL).
WITH months AS (
    SELECT max(BillingPeriodStart) AS latest FROM inference_by_model
),
previous AS (
    SELECT max(i.BillingPeriodStart) AS prior
    FROM inference_by_model AS i, months AS m
    WHERE i.BillingPeriodStart < m.latest
),
per_model AS (
    SELECT
        i.ProviderName,
        i.model,
        i.BillingCurrency,
        sum(CASE WHEN i.BillingPeriodStart = m.latest THEN i.effective_cost ELSE 0 END)
            AS latest_cost,
        sum(CASE WHEN i.BillingPeriodStart = p.prior THEN i.effective_cost ELSE 0 END)
            AS prior_cost
    FROM inference_by_model AS i, months AS m, previous AS p
    WHERE i.BillingPeriodStart IN (m.latest, p.prior)
    GROUP BY i.ProviderName, i.model, i.BillingCurrency
)
SELECT
    ProviderName,
    model,
    BillingCurrency,
    prior_cost,
    latest_cost,
    latest_cost - prior_cost AS change,
    CAST(latest_cost - prior_cost AS DOUBLE)
        / nullif(CAST(sum(latest_cost - prior_cost) OVER (PARTITION BY BillingCurrency)
                      AS DOUBLE), 0) AS share_of_change
FROM per_model
ORDER BY change DESC, ProviderName, model
