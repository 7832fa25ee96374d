-- Creates TEMP MACRO share_of(part, whole): part / whole as a DOUBLE fraction, NULL (undefined)
-- unless 0 <= part <= whole and whole > 0. Net credits can make a class's month negative, and
-- then a "share" of the month would read -20 % or 130 %: a figure nobody can use. Every share in
-- the report goes through it; run before the other report queries.
CREATE OR REPLACE TEMP MACRO share_of(part, whole) AS
    CASE WHEN whole > 0 AND part >= 0 AND part <= whole THEN (part / whole)::DOUBLE END
