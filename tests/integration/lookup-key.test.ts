// The one query of a key check (db/queries/verify.ts), on both drivers: what it finds, that it is
// one statement per check, and that nothing but a key hash and a possible workspace name reaches SQL.
import { beforeAll, describe, expect, it } from "vitest";
import { getDbHandle, getKeyCheckDb } from "@/db/client";
import { lookupKey } from "@/db/queries/verify";
import { hashApiKey } from "@/lib/keys";
import { verifyApiKey, type VerifyResult } from "@/lib/verify";
import { newAccount, newKey, newWorkspace, statementsDuring } from "../support/api-key-fixtures";
import { createAdministrator, signAs } from "../support/fixtures";

let prod: { id: string; name: string }, dev: { id: string; name: string };
let restricted: { id: string }, open: { id: string };
let restrictedKey: string, openKey: string;

beforeAll(async () => {
  signAs(await createAdministrator("admin"));
  [prod, dev] = [await newWorkspace("prod"), await newWorkspace("dev")];
  restricted = await newAccount({ defaultWorkspaceId: prod.id, authorizedWorkspaceIds: [prod.id, dev.id] });
  restrictedKey = (await newKey(restricted.id)).key;
  open = await newAccount();
  openKey = (await newKey(open.id)).key;
});

describe("lookupKey", () => {
  it("finds a key by its hash, with or without a workspace name", async () => {
    expect(await lookupKey(getKeyCheckDb(), hashApiKey(restrictedKey), dev.name.toUpperCase())).toMatchObject({
      serviceAccountId: restricted.id, defaultWorkspaceId: prod.id, defaultWorkspaceName: prod.name,
      requestedWorkspaceId: dev.id, requestedWorkspaceName: dev.name, restricted: true, requestedAuthorized: true, defaultAuthorized: true,
    });
    expect(await lookupKey(getKeyCheckDb(), hashApiKey(openKey), null)).toMatchObject({
      serviceAccountId: open.id, defaultWorkspaceId: null, requestedWorkspaceId: null, restricted: false, requestedAuthorized: false,
    });
  });

  it("a valid key costs exactly one query (once the lookup is prepared)", async () => {
    await verifyApiKey(openKey, "default"); // the first check on PGlite also PREPAREs the lookup
    let result: VerifyResult | undefined;
    const sent = await statementsDuring(async () => {
      result = await verifyApiKey(restrictedKey, "default");
    });
    expect(result).toMatchObject({ valid: true });
    expect(sent, sent.join("\n")).toHaveLength(1);
  });

  it.each([
    ["a hash with a quote", "a'; select 1; --", null],
    ["a workspace name with a quote", "0".repeat(64), "x'); drop table api_keys; --"],
  ])("%s: never written into SQL (PGlite refuses it; Postgres binds it and finds nothing)", async (_label, hash, name) => {
    const lookup = lookupKey(getKeyCheckDb(), hash, name);
    if (getDbHandle().driver === "pglite") await expect(lookup).rejects.toThrow(/impossible shape/);
    else expect(await lookup).toBeNull();
    expect(await verifyApiKey(restrictedKey, "default")).toMatchObject({ valid: true });
  });
});
