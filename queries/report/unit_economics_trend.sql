-- The 3-month trend of each unit economics row of $month (DATE): its cost per million tokens in
-- each of the two months before and in $month (report_tokens), the change against the month
-- before (a fraction: 0.1 = 10 % dearer) and over the three months (against the first of them).
-- A month without the row has NULL figures; a change needs both prices.
WITH keys AS (
    SELECT DISTINCT currency, provider, model, token_type, tier
    FROM report_tokens
    WHERE month = $month::DATE
),
months AS (
    SELECT unnest([($month::DATE - INTERVAL 2 MONTH)::DATE,
                   ($month::DATE - INTERVAL 1 MONTH)::DATE, $month::DATE]) AS month
),
grid AS (
    SELECT k.*, m.month,
           t.tokens, t.cost,
           -- rounded first, so that an unchanged price is a change of exactly 0
           CASE WHEN t.priced
                THEN round(t.cost::DOUBLE / nullif(t.tokens::DOUBLE, 0) * 1000000, 6) END
                                                                         AS per_million
    FROM keys AS k
    CROSS JOIN months AS m
    LEFT JOIN report_tokens AS t
      ON t.currency = k.currency AND t.provider IS NOT DISTINCT FROM k.provider
     AND t.model IS NOT DISTINCT FROM k.model AND t.token_type = k.token_type
     AND t.tier IS NOT DISTINCT FROM k.tier AND t.month = m.month
)
SELECT
    currency, provider, model, token_type, tier,
    max(per_million) FILTER (WHERE month = $month::DATE)                        AS cost_per_million,
    max(per_million) FILTER (WHERE month = ($month::DATE - INTERVAL 1 MONTH)::DATE)
                                                                              AS previous_cost_per_million,
    round(max(per_million) FILTER (WHERE month = $month::DATE)
          / nullif(max(per_million) FILTER (
                WHERE month = ($month::DATE - INTERVAL 1 MONTH)::DATE), 0) - 1, 6)
                                                                              AS change,
    round(max(per_million) FILTER (WHERE month = $month::DATE)
          / nullif(max(per_million) FILTER (
                WHERE month = ($month::DATE - INTERVAL 2 MONTH)::DATE), 0) - 1, 6)
                                                                              AS change_3m,
    list({'month': strftime(month, '%Y-%m'), 'tokens': round(tokens)::HUGEINT,
          'cost': round(cost, 2)::DECIMAL(38, 2), 'cost_per_million': per_million}
         ORDER BY month)                                                      AS months
FROM grid
GROUP BY ALL
ORDER BY currency, max(cost) FILTER (WHERE month = $month::DATE) DESC, provider,
         model NULLS LAST, token_type, tier
