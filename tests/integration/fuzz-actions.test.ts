// Fuzzing the server actions (issue 5): every discovered action, as an admin, with generated
// FormData, objects and junk. None may throw (a throw is an error page), every answer has the one
// result shape, and nothing is half-written: a refusal changes no table, a success changes exactly
// the rows of one logical change and its audit event. The HTTP side is tests/contract/fuzz.test.ts.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { findAdministratorById, type AdministratorDto } from "@/db/queries/administrators";
import { everyStoredValue, newAccount, newKey, newWorkspace } from "../support/api-key-fixtures";
import { createAdministrator, signAs, signAsLive } from "../support/fixtures";
import { UNSTORABLE_TEXT_MESSAGE } from "@/lib/validations/storable-text";
import { fuzzPayload, passwordOf, unstorableText, validPayload, type Pools } from "../support/fuzz-arbitraries";
import { countAllTables, countDelta, discoverServerActions, type DiscoveredAction } from "../support/server-actions";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const RUNS_PER_ACTION = 110;
const actions = (await discoverServerActions()).filter((a) => a.name !== "signOutAction");

// What one successful call may change, table by table; anything not listed must stay as it was.
type Rule = Record<string, (d: number) => boolean>;
const one = (d: number) => d === 1;
const minusOne = (d: number) => d === -1;
const some = (d: number) => d >= 0;
const fewer = (d: number) => d <= 0;
const AUDIT = "public.audit_events";
const ON_SUCCESS: Record<string, Rule> = {
  createWorkspace: { "public.workspaces": one, [AUDIT]: one },
  deleteWorkspace: { "public.workspaces": minusOne, [AUDIT]: one },
  createServiceAccount: { "public.service_accounts": one, "public.service_account_workspaces": some, [AUDIT]: one },
  deleteServiceAccount: { "public.service_accounts": minusOne, "public.service_account_workspaces": fewer, "public.api_keys": fewer, [AUDIT]: one },
  // Nothing to change writes nothing; a change replaces the authorized workspaces.
  updateServiceAccount: { "public.service_account_workspaces": () => true, [AUDIT]: (d) => d === 0 || d === 1 },
  setServiceAccountDisabled: { [AUDIT]: one },
  createApiKey: { "public.api_keys": one, [AUDIT]: one },
  deleteApiKey: { "public.api_keys": minusOne, [AUDIT]: one },
  // With invite, an invitation too.
  addPersonAction: { "public.administrators": one, "public.person_workspaces": some, "public.invitations": (d) => d === 0 || d === 1, [AUDIT]: one },
  revokeInvitationAction: { [AUDIT]: one },
  // Nothing to change writes nothing; a change replaces the authorized workspaces (sessions end in place).
  updatePersonAction: { "public.person_workspaces": () => true, [AUDIT]: (d) => d === 0 || d === 1 },
  // A removed person's sessions and workspaces go with them (cascade).
  removePersonAction: { "public.administrators": minusOne, "public.sessions": fewer, "public.person_workspaces": fewer, [AUDIT]: one },
  signOutEverywhereAction: { [AUDIT]: one },
  // A password changes in place and sessions end in place: no row count moves but the audit's.
  changeOwnPasswordAction: { [AUDIT]: one },
  resetAdministratorPasswordAction: { [AUDIT]: one },
  signInAction: {},
  setupAction: {},
};

function expectWholeChange(a: DiscoveredAction, delta: Record<string, number>) {
  const rule = ON_SUCCESS[a.name];
  // An action this table does not know yet: at most one audit event, and no change without one.
  if (!rule) {
    expect([0, 1], `${a.name}: audit events written`).toContain(delta[AUDIT] ?? 0);
    if (!delta[AUDIT]) expect(delta, `${a.name} changed data without an audit event`).toEqual({});
    return;
  }
  for (const [table, d] of Object.entries(delta)) {
    expect(rule[table]?.(d) ?? false, `${a.name} changed ${table} by ${d}: ${JSON.stringify(delta)}`).toBe(true);
  }
  for (const [table, allowed] of Object.entries(rule)) expect(allowed(delta[table] ?? 0), `${a.name}: ${table} by ${delta[table] ?? 0}`).toBe(true);
}

function expectResultShape(result: unknown) {
  expect(result, "the action returned nothing").toBeTypeOf("object");
  const r = result as { ok: unknown; message?: unknown; fieldErrors?: unknown; values?: unknown };
  expect(r.ok).toBeTypeOf("boolean");
  if (r.ok) return;
  expect(r.message).toBeTypeOf("string");
  expect((r.message as string).length).toBeGreaterThan(0);
  for (const messages of Object.values((r.fieldErrors ?? {}) as Record<string, unknown>)) {
    expect(Array.isArray(messages) && messages.every((m) => typeof m === "string" && m.length > 0)).toBe(true);
  }
  expect(Object.keys((r.values ?? {}) as object).filter((k) => /password|secret|key$/i.test(k))).toEqual([]);
}

const repeat = <T>(times: number, items: T[]): T[] => Array.from({ length: times }, () => items).flat();

let admin: AdministratorDto;
let pools: Pools;
let fixtures: { ws: { id: string; name: string }[]; accounts: { id: string; name: string }[]; keys: { id: string; serviceAccountId: string }[]; others: AdministratorDto[] };
const issuedKeys: string[] = [];
const passwords: string[] = [];
const tally = new Map<string, { ok: number; refused: number }>();

function poolsOf({ ws, accounts, keys, others }: typeof fixtures): Pools {
  return {
    ids: [...ws, ...accounts, ...keys, ...others, admin].map((x) => x.id),
    names: [...ws, ...accounts].map((x) => x.name),
    emails: [admin, ...others].map((x) => x.email),
    // Each kind of target about equally likely (a quarter each, workspaces a little more), so that the actions on the rarer
    // kinds (administrators, workspaces) still succeed several times in every run: with the targets
    // picked uniformly, an action on administrators succeeded ~2% of the time and now and then
    // not once in a run.
    targets: [
      ...repeat(4, ws.slice(2).map((w) => ({ id: w.id }))),
      ...repeat(2, accounts.map((a) => ({ id: a.id, confirmName: a.name, serviceAccountId: a.id }))),
      ...keys.map((k) => ({ serviceAccountId: k.serviceAccountId, keyId: k.id })),
      ...repeat(5, others.map((o) => ({ id: o.id }))),
    ],
  };
}

/** Administrators removed by an earlier action's runs are replaced, so the actions after it still find some to act on. */
async function replaceRemovedAdministrators() {
  const { others } = fixtures;
  for (const [i, other] of others.entries()) {
    if (!(await findAdministratorById(getDb(), other.id))) others[i] = await createAdministrator(other.role);
  }
  pools = poolsOf(fixtures);
}

beforeAll(async () => {
  admin = await createAdministrator("admin");
  signAs(admin);
  const ws = await Promise.all(Array.from({ length: 8 }, () => newWorkspace()));
  const accounts = [];
  for (let i = 0; i < 10; i++) accounts.push(await newAccount(i % 3 === 0 ? { defaultWorkspaceId: ws[0]!.id, authorizedWorkspaceIds: [ws[0]!.id, ws[1]!.id] } : {}));
  const keys: { id: string; key: string; serviceAccountId: string }[] = [];
  for (const account of accounts) for (let i = 0; i < 2; i++) keys.push({ ...(await newKey(account.id)), serviceAccountId: account.id });
  issuedKeys.push(...keys.map((k) => k.key));
  const others = [await createAdministrator("admin"), await createAdministrator("admin"), await createAdministrator("viewer"), await createAdministrator("viewer")];
  fixtures = { ws, accounts, keys, others };
});

describe.each(actions.map((a) => [a.name, a] as const))("%s with generated payloads", (_name, a) => {
  it(`${RUNS_PER_ACTION} calls: never throws, one result shape, nothing half-written`, async () => {
    const counts = { ok: 0, refused: 0 };
    tally.set(a.name, counts);
    await replaceRemovedAdministrators();
    await fc.assert(
      fc.asyncProperty(fuzzPayload(pools), async (payload) => {
        // The admin may have signed themselves out everywhere in an earlier run.
        await signAsLive(admin);
        const before = await countAllTables();
        const result = (await a.run(null, payload)) as { ok: boolean; data?: { key?: unknown } } | undefined;
        expectResultShape(result);
        const delta = countDelta(before, await countAllTables());
        if (!result!.ok) {
          counts.refused++;
          expect(delta, `${a.name} refused but wrote: ${JSON.stringify(result)}`).toEqual({});
          return;
        }
        counts.ok++;
        expectWholeChange(a, delta);
        if (typeof result!.data?.key === "string") issuedKeys.push(result!.data.key);
        const password = passwordOf(payload);
        if (password && /person|administrator|setup/i.test(a.name)) passwords.push(password);
      }),
      { numRuns: RUNS_PER_ACTION },
    );
  });
});

// Issue 23 item 5: NUL or a lone surrogate (either half) in any field, at any depth, as a plain
// object or FormData (which turns lone surrogates into U+FFFD, so only NUL goes that way): refused by
// the wrapper with a field error on that field, and nothing reaches the database, audit included.
describe.each(actions.map((a) => [a.name, a] as const))("%s with unstorable text in one field", (_name, a) => {
  it("refused with that field's error, nothing written", async () => {
    await replaceRemovedAdministrators();
    const placed = fc.constantFrom("value", "in a list", "as a field name");
    await fc.assert(
      fc.asyncProperty(validPayload(pools).chain((base) => fc.tuple(fc.constant(base), fc.constantFrom(...Object.keys(base)))), unstorableText(), placed, fc.boolean(), async ([base, field], text, where, asForm) => {
        await signAsLive(admin);
        const record: Record<string, string | string[]> =
          where === "value" ? { ...base, [field]: text } : where === "in a list" ? { ...base, [field]: [base[field]!, text] } : { ...base, [text]: "x" };
        const form = asForm && text.isWellFormed();
        const payload = form ? toForm(record) : record;
        const before = await countAllTables();
        const result = (await a.run(null, payload)) as { ok: boolean; fieldErrors?: Record<string, string[]> };
        expect(result.ok, JSON.stringify(result)).toBe(false);
        if (where !== "as a field name") expect(result.fieldErrors?.[field]).toEqual([UNSTORABLE_TEXT_MESSAGE]);
        expect(countDelta(before, await countAllTables())).toEqual({});
      }),
      { numRuns: 20 },
    );
  });
});

const toForm = (record: Record<string, string | string[]>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(record)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
};

describe("after the fuzzing", () => {
  it("succeeded sometimes (the generators reach the real code paths, not only validation)", () => {
    const succeeded = [...tally].filter(([, c]) => c.ok > 0).map(([name]) => name);
    const known = ["createWorkspace", "deleteWorkspace", "createServiceAccount", "deleteServiceAccount", "createApiKey", "deleteApiKey"];
    for (const name of [...known, "addPersonAction", "updatePersonAction", "removePersonAction", "signOutEverywhereAction"]) {
      expect(succeeded).toContain(name);
    }
  });

  it("no plaintext key and no password is stored anywhere", async () => {
    const stored = await everyStoredValue();
    // A password of one repeated character could turn up inside a hash by chance.
    const secrets = [...issuedKeys, ...passwords.filter((p) => p.length >= 12 && new Set(p).size > 3)];
    expect(secrets.length).toBeGreaterThan(6);
    for (const secret of secrets) expect(stored.filter((s) => s.value.includes(secret)).map((s) => s.where), "a secret in the database").toEqual([]);
  });
});

afterAll(() => {
  const total = [...tally.values()].reduce((n, c) => n + c.ok + c.refused, 0);
  console.info(`[fuzz-actions] ${total} generated calls: ${[...tally].map(([n, c]) => `${n} ${c.ok}/${c.ok + c.refused}`).join(", ")}`);
});
