import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as core from "./schema";
import * as access from "./schema-access";
import * as api from "./schema-api";
import * as leases from "./schema-cache";
import * as sso from "./schema-sso";
import * as trust from "./schema-trust";

/**
 * Every table, for drizzle: the core schema, the Opik-web-UI sign-in's (db/schema-access.ts), the
 * cache leases (db/schema-cache.ts), SSO group mappings (db/schema-sso.ts), the management API's (db/schema-api.ts) and Keyless CI's (db/schema-trust.ts).
 */
export const schema = { ...core, ...access, ...leases, ...sso, ...api, ...trust };
type Schema = typeof schema;
/** One type for both drivers: everything above db/ is written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
