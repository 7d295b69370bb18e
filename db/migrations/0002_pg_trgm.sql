-- Trigram search for the Service Accounts page: "name contains" stays indexed at 100,000 accounts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
