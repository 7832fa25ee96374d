-- Creates TEMP MACRO share_of(part, whole): part / whole as a DOUBLE fraction, NULL (undefined)
-- unless 0 <= part <= whole and whole > 0. Net credits can make a class's month negative, and
-- then a "share" of the month would read -20 % or 130 %: a figure nobody can use. Every share in
-- the report goes through it. Run before the other report queries.
CREATE OR REPLACE TEMP MACRO share_of(part, whole) AS
    CASE WHEN whole > 0 AND part >= 0 AND part <= whole THEN (part / whole)::DOUBLE END;

-- Creates TEMP MACRO volatile_reason(capped, residual_se, half_width, max_se, max_range): why a
-- forecast cannot be trusted to its order of magnitude (docs/report.md), the first that holds of
-- 'runaway' (a figure hit the cap), 'swings' (residual standard error above max_se in log
-- space) and 'wide_range' (some month's 80 % range is more than max_range times as high at its
-- top as at its bottom: high / low = exp(2 * half_width)); NULL when it is steady. The class
-- forecasts and the budget lines' forecasts both go through it.
CREATE OR REPLACE TEMP MACRO volatile_reason(capped, residual_se, half_width, max_se, max_range) AS
    CASE WHEN capped THEN 'runaway'
         WHEN residual_se > max_se THEN 'swings'
         WHEN 2 * half_width > ln(max_range::DOUBLE) THEN 'wide_range' END;
