-- An aid record keeps the household's holder and province as they were when the aid was asked
-- for, so that the funds capability reads its own table (the public notice, the approval queue)
-- and the table can be distributed by province with the households it pays.
ALTER TABLE aid_records ADD COLUMN holder_name TEXT NOT NULL DEFAULT '';
ALTER TABLE aid_records ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
UPDATE aid_records SET
  holder_name = (SELECT f.holder_name FROM hardship_files f WHERE f.id = aid_records.file_id),
  province_code = (SELECT f.province_code FROM hardship_files f WHERE f.id = aid_records.file_id);
