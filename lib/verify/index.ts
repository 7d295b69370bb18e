import { getKeyCheckDb, type Db } from "@/db/client";
import { lookupKey, type KeyLookup } from "@/db/queries/verify";
import { now } from "@/lib/clock";
import { guardDb } from "@/lib/db-guard";
import { hashApiKey, MAX_KEY_LENGTH, parseApiKey, stripSmartKeySuffix } from "@/lib/keys";
import { firstEnd, type KeyEnd } from "@/lib/keys/lifecycle";
import type { Scope } from "@/lib/scopes";
import { isPersonCredential } from "@/lib/access/credential";
import { checkCache, type CheckCache } from "@/lib/cache";
import { countedCheck } from "@/lib/metrics";
import { lastUsed } from "./last-used";
import type { VerifyFailure, VerifyFailureCode } from "./failure";
import { verifyPersonCredential, type PersonVerifySuccess } from "./person";

export type { PersonVerifySuccess } from "./person";
// In a file of their own so that ./person.ts can use them without importing this module.
export type { VerifyFailure, VerifyFailureCode } from "./failure";

export type VerifySuccess = {
  valid: true;
  code: "ok";
  kind: "service_account";
  keyId: string;
  serviceAccount: { id: string; name: string };
  /** The workspace asked for (`default` resolved), or the default workspace when none was asked for. */
  workspace: { id: string; name: string } | null;
  /** When the key stops working: the earliest of its expiry, its grace period's end and the policy's maximum lifetime; null = never. */
  expiresAt: Date | null;
  /** What the key may do in Opik (lib/scopes.ts). */
  scope: Scope;
};
export type VerifyResult = VerifySuccess | VerifyFailure;
/** What verifyCredential answers: a service account's key or a person's credential. */
export type CredentialResult = VerifyResult | PersonVerifySuccess;

export const DEFAULT_WORKSPACE_ALIAS = "default";
const MAX_WORKSPACE_NAME = 63;
/** Any letter case: clients send names as typed. A name outside this shape cannot exist. */
export const WORKSPACE_NAME_SHAPE = /^[a-z0-9][a-z0-9-]{0,62}$/i;

const MESSAGES = {
  missing_key: "API key should be provided",
  malformed_key: "API key is invalid: it is not in the format this service issues (check for a typo or a truncated copy)",
  unknown_key: "API key is invalid or has been revoked",
  no_default_workspace:
    'This service account has no default workspace. Set one in the Admin Dashboard, or send a workspace name (Comet-Workspace header, OPIK_WORKSPACE) instead of "default"',
} as const;

const fail = (code: VerifyFailureCode, message: string): VerifyFailure => ({ valid: false, code, message });

/** Quotes a client-supplied workspace name for a message: bounded, printable. */
function quoted(name: string): string {
  const clean = name.replace(/[^\x20-\x7e]/g, "?").slice(0, MAX_WORKSPACE_NAME);
  return `"${clean}${name.length > MAX_WORKSPACE_NAME ? "…" : ""}"`;
}

/** "2026-12-01 10:00 UTC": to the minute, in UTC (the SDK user and the administrator may be in different zones). */
const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const keyLabel = (row: KeyLookup) => (row.keyName ? `API key "${row.keyName.replace(/[^\x20-\x7e]/g, "?").slice(0, 64)}" (${row.keyHint})` : `API key ${row.keyHint}`);
const timesOf = (row: KeyLookup) => ({ createdAt: row.keyCreatedAt, expiresAt: row.expiresAt, graceEndsAt: row.graceEndsAt });

function endOf(row: KeyLookup): Date | null {
  const end = firstEnd(timesOf(row), row.maxLifetimeDays);
  return end ? new Date(end.at) : null;
}

function endedMessage(row: KeyLookup, end: KeyEnd): string {
  const on = when(new Date(end.at));
  if (end.reason === "grace") return `This ${keyLabel(row)} was rolled and stopped working on ${on}: use the new key that replaced it`;
  if (end.reason === "policy") {
    return `This ${keyLabel(row)} expired on ${on}: keys may live at most ${row.maxLifetimeDays} days (key policy); ask an administrator for a new key`;
  }
  return `This ${keyLabel(row)} expired on ${on}: ask an administrator for a new key`;
}

/** Disabled or past its end (exactly at the instant: `now >= end` is refused), by the injectable clock. */
function keyLife(row: KeyLookup): VerifyFailure | null {
  if (row.accountDisabled) {
    return fail("disabled_account", `Service account "${row.serviceAccountName}" is disabled: an administrator can enable it in the Admin Dashboard`);
  }
  if (row.keyDisabled) return fail("disabled_key", `This ${keyLabel(row)} is disabled: an administrator can enable it in the Admin Dashboard`);
  const end = firstEnd(timesOf(row), row.maxLifetimeDays);
  return end && now() >= end.at ? fail("expired_key", endedMessage(row, end)) : null;
}

/** The asked-for workspace: as sent (trimmed), whether it is the `default` alias, and the name to look up. */
function workspaceRequest(workspaceName: string | null | undefined) {
  const requested = (workspaceName ?? "").trim();
  const wantsDefault = requested.toLowerCase() === DEFAULT_WORKSPACE_ALIAS;
  // Only a name that could exist reaches SQL (Postgres text cannot even hold some characters, e.g. U+0000).
  const byName = requested !== "" && !wantsDefault && WORKSPACE_NAME_SHAPE.test(requested) ? requested : null;
  return { requested, wantsDefault, byName };
}

/**
 * The one check of every credential the Opik backend forwards (PRODUCT.md §5, §7): a person's
 * credential (decided from the string's shape, no I/O: lib/access/credential.ts) or a service
 * account's key (verifyApiKey). Same failures, same rules for `default`.
 */
export async function verifyCredential(
  raw: string | null | undefined,
  workspaceName: string | null | undefined,
  db: Db = getKeyCheckDb(),
): Promise<CredentialResult> {
  const value = (raw ?? "").trim();
  if (!isPersonCredential(value)) return verifyApiKey(raw, workspaceName, db);
  const { requested, byName } = workspaceRequest(workspaceName);
  return countedCheck("person", () => verifyPersonCredential(value, byName, requested, db));
}

/**
 * The single key check behind every authentication endpoint.
 * Order: strip an Opik smart-key suffix → format and checksum (no I/O) → SHA-256 → one indexed
 * query → decision. Throws when the database cannot answer (DatabaseTimeoutError, DatabaseCircuitOpenError,
 * driver errors): callers answer 503. `workspaceName` null/empty = no workspace asked for; "default" (any case) =
 * the account's default workspace. Messages never contain the key.
 */
export function verifyApiKey(
  rawKey: string | null | undefined,
  workspaceName: string | null | undefined,
  db: Db = getKeyCheckDb(),
  // This process's cache for its own key-check pool; tests give a second instance's pair.
  cache: CheckCache | null = db === getKeyCheckDb() ? checkCache() : null,
): Promise<VerifyResult> {
  return countedCheck("service_account", () => checkApiKey(rawKey, workspaceName, db, cache));
}

function checkApiKey(
  rawKey: string | null | undefined,
  workspaceName: string | null | undefined,
  db: Db,
  cache: CheckCache | null,
): VerifyResult | Promise<VerifyResult> {
  const key = stripSmartKeySuffix((rawKey ?? "").trim());
  if (key === "") return fail("missing_key", MESSAGES.missing_key);
  const asked = workspaceRequest(workspaceName);
  // From memory when the cache serves (lib/cache): the same row, decided on with the clock, and
  // no promise on the way. Only keys that were well-formed are ever remembered, so a remembered
  // one needs no second format check.
  const hash = key.length <= MAX_KEY_LENGTH ? hashApiKey(key) : "";
  const remembered = hash && cache ? cache.peek(hash, asked.byName) : undefined;
  if (remembered !== undefined) return decide(remembered, asked);
  if (!parseApiKey(key)) return fail("malformed_key", MESSAGES.malformed_key);
  // The only database work of a check: refused at once while the database is known to be down,
  // and bounded by the deadline otherwise (lib/db-guard.ts).
  const load = () => guardDb(() => lookupKey(db, hash, asked.byName));
  return (cache ? cache.load(hash, asked.byName, load) : load()).then((row) => decide(row, asked));
}

/** The decision on the lookup's row (or its absence), with the clock: pure, no I/O. */
function decide(row: KeyLookup | null, { requested, wantsDefault, byName }: ReturnType<typeof workspaceRequest>): VerifyResult {
  if (!row) return fail("unknown_key", MESSAGES.unknown_key);
  // Only someone holding this very key reads these: they say what happened to it.
  const life = keyLife(row);
  if (life) return life;
  const serviceAccount = { id: row.serviceAccountId, name: row.serviceAccountName };
  const defaultWs =
    row.defaultWorkspaceId && row.defaultWorkspaceName ? { id: row.defaultWorkspaceId, name: row.defaultWorkspaceName } : null;
  const ok = (workspace: VerifySuccess["workspace"]): VerifySuccess => {
    // Off the critical path: an in-memory note, written later in the background.
    lastUsed().record(row.keyId, row.serviceAccountId);
    return { valid: true, code: "ok", kind: "service_account", keyId: row.keyId, serviceAccount, workspace, expiresAt: endOf(row), scope: { name: row.scope, permissions: row.permissions } };
  };

  // No workspace asked for: report the default one, unless the account may not use it.
  if (requested === "") return ok(defaultWs && (!row.restricted || row.defaultAuthorized) ? defaultWs : null);
  if (wantsDefault) {
    if (!defaultWs) return fail("no_default_workspace", MESSAGES.no_default_workspace);
    if (row.restricted && !row.defaultAuthorized) {
      return fail("workspace_not_authorized", `Service account is not authorized for its default workspace ${quoted(defaultWs.name)}`);
    }
    return ok(defaultWs);
  }
  if (!row.requestedWorkspaceId || !row.requestedWorkspaceName) {
    // Only a name that could be a workspace is quoted back: anything else (a key pasted into the
    // workspace setting, say) is never echoed.
    return fail(
      "unknown_workspace",
      byName ? `Workspace ${quoted(requested)} does not exist` : 'The workspace name is not valid: workspace names use lowercase letters, digits and "-"',
    );
  }
  if (row.restricted && !row.requestedAuthorized) {
    return fail("workspace_not_authorized", `Service account is not authorized for workspace ${quoted(row.requestedWorkspaceName)}`);
  }
  return ok({ id: row.requestedWorkspaceId, name: row.requestedWorkspaceName });
}
