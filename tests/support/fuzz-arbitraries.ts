import fc from "fast-check";

/** Values that exist in the test database, so generated payloads also reach the real code paths. */
export type Pools = {
  ids: string[];
  names: string[];
  emails: string[];
  /** Coherent field sets that a delete accepts, e.g. `{id, confirmName}` of one account. */
  targets: Record<string, string>[];
};

/** NUL, or a lone surrogate of either half: text no database column holds (lib/validations/storable-text.ts). */
export const unstorableChar: fc.Arbitrary<string> = fc.oneof(
  fc.constant("\u0000"),
  fc.integer({ min: 0xd800, max: 0xdbff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xdc00, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);
/** Storable but hostile: noncharacters and the bidirectional controls ("Trojan Source"). */
const awkwardChar = fc.constantFrom("\uffff", "\ufffe", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c");

/** `char` at the start, middle or end of some text, a run of them, or at the end of overlong text. */
export const textWith = (char: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(fc.string({ maxLength: 8 }), char, fc.string({ maxLength: 8 })).map((p) => p.join("")),
    fc.array(char, { minLength: 1, maxLength: 4 }).map((a) => a.join("")),
    fc.tuple(fc.nat({ max: 20_000 }), char).map(([n, c]) => "x".repeat(n) + c),
  );
/** Text holding NUL or a lone surrogate: refused at every edge, never a 5xx, never written. */
export const unstorableText = (): fc.Arbitrary<string> =>
  // Two halves side by side make a pair, i.e. one good character: those are not what this generates.
  textWith(unstorableChar).filter((t) => t.includes("\u0000") || !t.isWellFormed());
/** Any of the hostile characters: NUL, both surrogate halves, U+FFFF, bidi controls. */
export const hostileText = (): fc.Arbitrary<string> => textWith(fc.oneof(unstorableChar, awkwardChar));

/** Strings that have broken form handlers elsewhere: empty, huge, NUL, SQL, markup, lone surrogates, bidi controls. */
export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.constantFrom(
      "", " ", "\u0000", "a\u0000b", "\uD800", "\uFEFF", "\u202Eevil", "default", "DEFAULT", "admin", "viewer", "null", "undefined",
      "' or 1=1 --", "'); drop table administrators; --", "<script>alert(1)</script>", "%", "_", "\\", "%_\\%",
      "__proto__", "constructor", "toString", "1e309", "-0", "NaN", "../../etc/passwd", "\r\nSet-Cookie: x=1",
    ),
    // Postgres text cannot hold U+0000; other control characters are merely unwelcome.
    fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom("\u0000", "\u0007", "\u001b", "\u007f", "\u2028"), fc.string({ maxLength: 8 })).map((p) => p.join("")),
    fc.nat({ max: 20_000 }).map((n) => "x".repeat(n)),
    fc.uuid().map((u) => ` ${u.toUpperCase()} `),
    hostileText(),
  );

// fc.emailAddress() follows RFC 5322, which allows far more than any sign-up form (or zod) accepts.
const simpleEmail = fc.stringMatching(/^[a-z0-9]{1,12}(\.[a-z0-9]{1,8})?@[a-z0-9]{1,10}\.(test|com|org)$/);

function field(pools: Pools) {
  const id = fc.oneof(fc.constantFrom(...pools.ids), fc.constantFrom(...pools.ids).map((i) => i.toUpperCase()), fc.uuid(), nastyString());
  return {
    name: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), fc.constantFrom(...pools.names), nastyString()),
    description: fc.oneof(fc.string({ maxLength: 100 }), nastyString()),
    confirmName: fc.oneof(fc.constantFrom(...pools.names), nastyString()),
    id,
    serviceAccountId: id,
    keyId: id,
    defaultWorkspaceId: fc.oneof(fc.constant(""), id),
    allWorkspaces: fc.oneof(fc.constantFrom("true", "false"), nastyString()),
    authorizedWorkspaceIds: fc.oneof(id, fc.array(id, { maxLength: 4 })),
    email: fc.oneof(simpleEmail, fc.emailAddress(), fc.constantFrom(...pools.emails), fc.constantFrom(...pools.emails).map((e) => e.toUpperCase()), nastyString()),
    role: fc.oneof(fc.constantFrom("admin", "viewer", "member"), nastyString()),
    password: fc.oneof(fc.string({ minLength: 12, maxLength: 40 }), nastyString()),
    disabled: fc.oneof(fc.constantFrom("true", "false"), nastyString()),
  };
}

type Value = string | string[] | number | boolean | null | Blob | Record<string, unknown>;

/** A value of any JSON-ish or form-ish type, for plain-object payloads. */
const anyValue = (strings: fc.Arbitrary<string>): fc.Arbitrary<Value> =>
  fc.oneof(
    { arbitrary: strings, weight: 4 },
    fc.array(strings, { maxLength: 3 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })) as fc.Arbitrary<Record<string, unknown>>,
  );

const fieldName = fc.oneof(
  fc.constantFrom("name", "description", "confirmName", "id", "serviceAccountId", "keyId", "defaultWorkspaceId", "allWorkspaces", "authorizedWorkspaceIds", "email", "role", "password", "disabled"),
  fc.constantFrom("$ACTION_ID_abc", "$ACTION_REF_1", "__proto__", "constructor", ""),
  fc.string({ maxLength: 10 }),
);

function toFormData(entries: [string, string | Uint8Array][]): FormData {
  const fd = new FormData();
  for (const [key, value] of entries) {
    if (typeof value === "string") fd.append(key, value);
    else fd.append(key, new Blob([Buffer.from(value)]), "upload.bin");
  }
  // Counterexamples print as their fields, not as "[object FormData]".
  const shown = entries.map(([k, v]) => [k, typeof v === "string" ? (v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v) : `<file of ${v.length} bytes>`]);
  Object.defineProperty(fd, fc.toStringMethod, { value: () => `FormData ${JSON.stringify(shown)}` });
  return fd;
}

/** A payload every action would accept (the fields of one target, good values for the rest). */
export function validPayload(pools: Pools): fc.Arbitrary<Record<string, string>> {
  return fc
    .record({
      target: fc.constantFrom(...pools.targets),
      name: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,30}$/),
      email: simpleEmail,
      role: fc.constantFrom("admin", "viewer", "member"),
      password: fc.string({ minLength: 12, maxLength: 40 }).filter((p) => p.trim().length > 0),
      disabled: fc.constantFrom("true", "false"),
    })
    // All workspaces, chosen explicitly (an empty list alone is refused).
    .map(({ target, ...base }) => ({ defaultWorkspaceId: "", allWorkspaces: "true", ...base, ...target }));
}

/**
 * A payload as a browser (or an attacker posting to the action endpoint) could send it: mostly the
 * known fields with good, borderline and hostile values, as FormData (repeated fields, files) or a
 * plain object (any JSON type), and some top-level junk.
 */
export function fuzzPayload(pools: Pools): fc.Arbitrary<unknown> {
  const known = field(pools);
  // Up to two fields replaced, so that a good share of payloads stays acceptable.
  const replacements = fc
    .shuffledSubarray(Object.keys(known) as (keyof typeof known)[], { maxLength: 2 })
    .chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, known[k]])) as Record<string, fc.Arbitrary<string | string[]>>));
  const nearValid = fc.tuple(validPayload(pools), replacements).map(([base, replaced]) => ({ ...base, ...replaced }) as Record<string, string | string[]>);
  const record = fc.oneof(nearValid, fc.record(known, { requiredKeys: [] }));
  const formValue = fc.oneof({ arbitrary: nastyString(), weight: 5 }, fc.uint8Array({ maxLength: 64 }));
  return fc.oneof(
    { arbitrary: record.map((r) => toFormData(Object.entries(r).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string])))), weight: 6 },
    { arbitrary: record, weight: 3 },
    { arbitrary: fc.record(Object.fromEntries(Object.keys(known).map((k) => [k, anyValue(nastyString())])), { requiredKeys: [] }), weight: 2 },
    { arbitrary: fc.array(fc.tuple(fieldName, formValue), { maxLength: 8 }).map(toFormData), weight: 2 },
    { arbitrary: fc.dictionary(fieldName, anyValue(nastyString()), { maxKeys: 6 }), weight: 1 },
    { arbitrary: fc.oneof(fc.constant(null), fc.constant(undefined), nastyString(), fc.integer(), fc.array(fc.anything(), { maxLength: 3 }), fc.anything()), weight: 1 },
  );
}

/** The password a payload carried (to look for it in the database later), if any. */
export function passwordOf(payload: unknown): string | null {
  const value = payload instanceof FormData ? payload.get("password") : (payload as { password?: unknown } | null)?.password;
  return typeof value === "string" ? value : null;
}
