-- Cells whose hash two different sets of attributes share (none is expected in a 64-bit hash;
-- if one were, the report would add their spend together): classification stops on any.
SELECT count(*) FROM (SELECT x_Cell FROM class_cells GROUP BY x_Cell HAVING count(*) > 1)
