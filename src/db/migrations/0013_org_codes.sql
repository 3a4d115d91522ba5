-- Import files name a union by its 统一社会信用代码 (GB 32100) as often as by its name.
CREATE INDEX orgs_credit_code ON orgs (credit_code);
