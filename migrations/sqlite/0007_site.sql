-- The public site (issue 10): where the source page is and whom to write to (shown in every
-- page's footer; admins edit them on the strategy's form), and plans marked as inferred.

-- The public page the strategy's facts come from; NULL: the footer links the GCoM's site.
ALTER TABLE strategy ADD COLUMN source_url TEXT;
-- An address the public may write to (the national coordinators'); NULL: none shown.
ALTER TABLE strategy ADD COLUMN contact_email TEXT;

-- A plan the source does not report as such but that follows from another fact (the seed's
-- plans follow from the diploma's exchanges): the pages mark it "inferred".
ALTER TABLE plans ADD COLUMN inferred INTEGER NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1));
UPDATE plans SET inferred = 1 WHERE updated_by = 'seed';
