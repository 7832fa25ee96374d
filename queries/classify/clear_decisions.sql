-- Forget earlier decisions and fleet profiles before recomputing them.
DELETE FROM line_item_classes
