-- Living aid is capped at months of the local minimum living standard by category (DOMAIN.md §5).
ALTER TABLE hardship_policies ADD COLUMN living_aid_months_deep INTEGER NOT NULL DEFAULT 10;
ALTER TABLE hardship_policies ADD COLUMN living_aid_months_relative INTEGER NOT NULL DEFAULT 8;
