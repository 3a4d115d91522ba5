-- A name search reads at most a bounded number of candidates from each index, in the order the
-- list shows them (by pinyin): the name and initials indexes carry the pinyin second, so that the
-- first candidates of a common name are also the first in the list.
DROP INDEX members_fold;
CREATE INDEX members_fold ON members (name_fold, name_pinyin);
DROP INDEX members_initials;
CREATE INDEX members_initials ON members (name_initials, name_pinyin);
