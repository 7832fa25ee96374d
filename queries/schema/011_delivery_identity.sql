-- Restatement by delivery. A bill's delivery (a CUR assembly, a CUR 2.0 execution, an Azure
-- export run, an S3 delivery folder's version) is what a newer one replaces whole; the parts of
-- one delivery add up. Files no manifest lists have none, and are told apart by where they live.
-- NULL in rows loaded before this migration: such rows count as a loose file's.
ALTER TABLE load_files ADD COLUMN delivery_id VARCHAR;
ALTER TABLE load_files ADD COLUMN source_path VARCHAR;
ALTER TABLE bill_partitions ADD COLUMN delivery_id VARCHAR;

COMMENT ON COLUMN load_files.delivery_id IS 'The delivery the file was part of: ''assembly <id>'' (legacy CUR manifest), ''execution <id>'' (CUR 2.0 manifest), ''run <id>'' (Azure export manifest), ''manifest <sha256 or ETag>'' (a manifest without an id), or an S3 delivery folder''s s3://...@version. NULL: a loose file (no manifest).';
COMMENT ON COLUMN load_files.source_path IS 'Where the file lives: its real local path or s3:// URI, however it was spelt on the command line. A new version of the same file replaces its earlier rows.';
COMMENT ON COLUMN bill_partitions.delivery_id IS 'The delivery whose rows make up the partition, NULL when loose files (or several deliveries, by --append) do.';
