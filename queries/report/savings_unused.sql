-- Savings lever unused_commitments, per currency: what the report month's Savings Plans and
-- reservations cost for hours they covered nothing (report_compute, pricing 'unused'), summed
-- over the commitments with a positive unused cost (a refunded fee is no saving). parts: each
-- commitment, largest first.
WITH per_commitment AS (
    SELECT currency, provider, commitment_id, any_value(commitment_type) AS commitment_type,
           sum(cost) AS unused
    FROM report_compute
    WHERE pricing = 'unused'
    GROUP BY currency, provider, commitment_id
    HAVING sum(cost) > 0
)
SELECT
    currency,
    round(sum(unused), 2)::DECIMAL(38, 2)                         AS amount,
    count(*)                                                      AS commitments,
    list({'provider': provider, 'commitment_id': commitment_id, 'type': commitment_type,
          'unused': round(unused, 2)::DECIMAL(38, 2)}
         ORDER BY unused DESC, provider, commitment_id) AS parts
FROM per_commitment
GROUP BY currency
ORDER BY currency
