// Failed dashboard queries in the production server's log (issue 10, item 7): Next.js logs the
// error of a failed server action or page render with util.inspect, and drizzle's error carried
// the query's parameters ("params: <email>,<argon2id hash>"), the driver's error too. Two failures
// made on purpose in this file's own database, both with parameters worth hiding:
// - a trigger refuses administrators whose email starts with "refused-", echoing the email in its
//   message and the password hash in its detail (Add administrator, a server action);
// - a renamed column makes the Service Accounts page's query fail (a page render with a search).
// Nothing the server printed may hold the email, the password, a hash or the search term.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { administrators } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { poll } from "../support/contract-fixtures";
import { brief, send, type Reply } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { actionId, signInForCookie } from "../support/dashboard-http";

const ADMIN = { email: "query-logs-admin@example.test", password: "query logs password 123" };
const REFUSED_EMAIL = "refused-canary-5e1f@example.test";
const NEW_PASSWORD = "canary password 77c0 never printed";
const SEARCH = "canary-search-3d9a";

async function seed(db: Db): Promise<void> {
  await db.insert(administrators).values({ email: ADMIN.email, name: "Query Logs", role: "admin", passwordHash: await hashPassword(ADMIN.password) });
  await db.execute(
    sql.raw(`create function refuse_canary() returns trigger language plpgsql as $$
      begin
        if new.email like 'refused-%' then
          raise exception 'refused administrator %', new.email using detail = 'hash ' || new.password_hash;
        end if;
        return new;
      end $$`),
  );
  await db.execute(sql.raw("create trigger refuse_canary before insert on administrators for each row execute function refuse_canary()"));
  await db.execute(sql.raw("alter table service_accounts rename column description to description_gone"));
}

let server: ContractServer<void>;
let cookie = "";

/** Add administrator, posted as the dialog posts it. */
function addAdministrator(input: Record<string, string>): Promise<Reply> {
  return send(server.baseUrl, "/admin/people", {
    method: "POST",
    headers: {
      "next-action": actionId("lib/actions/people.ts", "addPersonAction"),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: server.baseUrl,
      cookie,
    },
    body: JSON.stringify([null, input]),
  });
}

function expectNothingOfTheInput(log: string): void {
  for (const secret of [REFUSED_EMAIL, NEW_PASSWORD, SEARCH, ADMIN.password]) expect(log).not.toContain(secret);
  expect(log).not.toMatch(/\$argon2id\$|params:/);
}

beforeAll(async () => {
  server = await startContractServer(seed);
  cookie = await signInForCookie(server.baseUrl, ADMIN);
});
afterAll(async () => {
  await server?.dispose();
});

describe("the server's log of failed dashboard queries", () => {
  it("a failed insert of a new administrator (server action): logged, without the email, the password or its hash", async () => {
    const res = await addAdministrator({ email: REFUSED_EMAIL, name: "Refused", role: "viewer", password: NEW_PASSWORD, allWorkspaces: "true" });
    expect(res.status, brief(res)).toBe(500);
    expect(res.text).not.toContain(REFUSED_EMAIL);
    const logged = await poll(async () => server.output().includes("refused administrator"), 10_000);
    expect(logged, server.output().slice(-3000)).toBe(true);
    const log = server.output();
    // What the log says instead: the statement, and Postgres's words with the value replaced.
    expect(log).toContain('Failed query: insert into "administrators"');
    expect(log).toMatch(/refused administrator \[parameter \$\d+\]/);
    expectNothingOfTheInput(log);
  });

  it("a failed page render (Service Accounts, searched): logged, without the search term", async () => {
    const before = server.output().length;
    const res = await send(server.baseUrl, `/admin/service-accounts?q=${SEARCH}`, { headers: { cookie } });
    expect(res.status, brief(res)).toBe(500);
    const logged = await poll(async () => /description_gone|column .* does not exist/.test(server.output().slice(before)), 10_000);
    expect(logged, server.output().slice(-3000)).toBe(true);
    expect(server.output().slice(before)).toContain("Failed query: select");
    expectNothingOfTheInput(server.output());
  });
});
