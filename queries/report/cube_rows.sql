-- Creates TEMP TABLE report_cube as cube.sql does, from every line item as it is: the fallback
-- build.py runs when some line item has no class key in class_keys (a warehouse not classified
-- since it was loaded), which cube.sql cannot place. Spend per billing (invoice) month,
-- currency, class, provider, service, billing and usage account, model and budget tag values;
-- every other report query reads this small table, and names a cell by its rowid.
-- $basis: 'effective' (EffectiveCost, amortised) or 'billed' (BilledCost, the invoice).
-- $tag_keys: VARCHAR[] of the tag keys that budget lines name ([] for none).
CREATE OR REPLACE TEMP TABLE report_cube AS
SELECT
    BillingPeriodStart::DATE                         AS month,
    BillingCurrency                                  AS currency,
    coalesce(x_WorkloadClass, 'non_ai')              AS class,
    ProviderName                                     AS provider,
    ServiceName                                      AS service,
    BillingAccountId                                 AS billing_account,
    SubAccountId                                     AS account,
    x_Model                                          AS model,
    list_transform($tag_keys::VARCHAR[], lambda k: Tags[k]) AS tag_values,
    max(SubAccountName)                              AS account_name,
    -- DECIMAL all the way: no float rounding before the report rounds to cents.
    sum(CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END) AS cost,
    count(*)                                         AS line_items
FROM line_items
GROUP BY ALL
