-- Which cost view an Azure cost details file is (ingest/azure_native.py), from relation `src`
-- (the projection of queries/ingest/azure_to_focus.sql's columns), when no export manifest
-- says: (amortized, commitment purchases).
-- An amortized export spreads reservations and savings plans over the usage they cover
-- (covered usage with a cost) and shows what went unused (UnusedReservation,
-- UnusedSavingsPlan); an actual-cost export shows their purchases instead, and the covered
-- usage at 0. A file with neither has the same rows in both views.
SELECT
    coalesce(bool_or(lower(charge_type) IN ('unusedreservation', 'unusedsavingsplan')
                     OR (lower(charge_type) = 'usage'
                         AND lower(pricing_model) IN ('reservation', 'savingsplan')
                         AND coalesce(cost, 0) <> 0)), false) AS amortized,
    coalesce(bool_or(lower(charge_type) IN ('purchase', 'refund')
                     AND lower(pricing_model) IN ('reservation', 'savingsplan')), false)
        AS commitment_purchases
FROM src
