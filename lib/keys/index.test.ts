import { crc32 } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  checksumOf,
  configuredPrefix,
  DEFAULT_PREFIX,
  generateApiKey,
  hashApiKey,
  keyHint,
  MAX_KEY_LENGTH,
  parseApiKey,
  stripSmartKeySuffix,
} from "./index";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_FORMAT = /^opsa_[0-9A-Za-z]{38}$/;

afterEach(() => vi.unstubAllEnvs());

/** The part after "<prefix>_": 32 random characters, then 6 of checksum. */
function bodyOf(key: string): string {
  return key.slice(key.indexOf("_") + 1);
}

function fromBase62(text: string): number {
  let n = 0;
  for (const c of text) n = n * 62 + BASE62.indexOf(c);
  return n;
}

describe("generateApiKey", () => {
  it("issues keys in the documented format that parse back", () => {
    for (let i = 0; i < 1000; i++) {
      const key = generateApiKey();
      expect(key).toMatch(KEY_FORMAT);
      expect(parseApiKey(key)).toEqual({ prefix: "opsa", random: bodyOf(key).slice(0, 32), checksum: bodyOf(key).slice(32) });
    }
  });

  it("ends with the CRC32 of the random part in 6 base62 characters (what secret scanners check)", () => {
    for (let i = 0; i < 200; i++) {
      const body = bodyOf(generateApiKey());
      expect(fromBase62(body.slice(32))).toBe(crc32(body.slice(0, 32)));
    }
  });

  it("issues 100,000 distinct keys drawing evenly on all 62 characters", () => {
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const body = bodyOf(generateApiKey());
      seen.add(body.slice(0, 32)); // the random part alone must already be unique
      for (const c of body.slice(0, 32)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(seen.size).toBe(100_000);
    expect([...counts.keys()].sort().join("")).toBe([...BASE62].sort().join(""));
    const expected = (100_000 * 32) / 62;
    for (const [c, n] of counts) expect(Math.abs(n - expected) / expected, `character ${c}`).toBeLessThan(0.03);
  });
});

describe("API_KEY_PREFIX", () => {
  it("defaults to opsa", () => {
    vi.stubEnv("API_KEY_PREFIX", undefined);
    expect(configuredPrefix()).toBe(DEFAULT_PREFIX);
    expect(DEFAULT_PREFIX).toBe("opsa");
  });

  it.each(["ci", "acme2", "a".repeat(16)])("changes the prefix of new keys to %s", (prefix) => {
    vi.stubEnv("API_KEY_PREFIX", prefix);
    const key = generateApiKey();
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(key).toHaveLength(prefix.length + 1 + 38);
    expect(parseApiKey(key)?.prefix).toBe(prefix);
    expect(keyHint(key).startsWith(`${prefix}_`)).toBe(true);
  });

  // An empty variable (`API_KEY_PREFIX=` in a compose file) means "not set", like every other variable.
  it.each(["", "   "])("treats an empty value %j as unset", (value) => {
    vi.stubEnv("API_KEY_PREFIX", value);
    expect(generateApiKey()).toMatch(KEY_FORMAT);
  });

  it.each([
    ["upper case", "OPSA"],
    ["mixed case", "Opsa"],
    ["an underscore", "my_keys"],
    ["Opik's reserved opik_mcp", "opik_mcp"],
    ["one character", "o"],
    ["17 characters", "a".repeat(17)],
    ["a leading digit", "1abc"],
    ["a dash", "op-sa"],
    ["a non-ASCII letter", "clé"],
  ])("refuses a prefix with %s, so no key is issued", (_label, prefix) => {
    vi.stubEnv("API_KEY_PREFIX", prefix);
    expect(() => configuredPrefix()).toThrow(/API_KEY_PREFIX/);
    expect(() => generateApiKey()).toThrow(/API_KEY_PREFIX/);
  });

  // Opik reserves every credential starting "opik_" (OPIK-AUTH-CONTRACT.md §18.7); a key is "<prefix>_…".
  it.each(["opik", "OPIK", "Opik", "opik_mcp", "opik_cipx", "opik_"])("refuses %s as Opik's reserved prefix, saying so", (prefix) => {
    vi.stubEnv("API_KEY_PREFIX", prefix);
    expect(() => configuredPrefix()).toThrow(/reserves/);
    expect(() => generateApiKey()).toThrow(/reserves/);
    expect(() => generateApiKey("opik")).toThrow();
  });

  it.each(["opikx", "opsa", "myopik"])("allows %s, whose keys do not start with opik_", (prefix) => {
    vi.stubEnv("API_KEY_PREFIX", prefix);
    expect(generateApiKey().startsWith("opik_")).toBe(false);
  });

  it("still accepts keys issued under a former prefix opik (API_KEY_ACCEPTED_PREFIXES)", () => {
    vi.stubEnv("API_KEY_PREFIX", "opsa");
    vi.stubEnv("API_KEY_ACCEPTED_PREFIXES", "opik");
    const random = "A".repeat(32);
    expect(parseApiKey(`opik_${random}${checksumOf(random)}`)?.prefix).toBe("opik");
  });

  // BUG: generateApiKey(prefix) validates only the configured prefix; an explicit argument skips
  // PREFIX_PATTERN, so `generateApiKey("opik_mcp")` issues a key in Opik's reserved namespace.
  it("refuses an invalid explicit prefix too", () => {
    for (const prefix of ["opik_mcp", "OPSA", ""]) expect(() => generateApiKey(prefix), prefix).toThrow();
  });
});

describe("checksum", () => {
  const keys = Array.from({ length: 5 }, () => generateApiKey());
  const bodyStart = "opsa_".length;

  it("rejects every single-character substitution in the random part and the checksum", () => {
    let tried = 0;
    for (const key of keys) {
      for (let i = bodyStart; i < key.length; i++) {
        for (const c of BASE62) {
          if (c === key[i]) continue;
          const mutant = key.slice(0, i) + c + key.slice(i + 1);
          expect(parseApiKey(mutant), mutant).toBeNull();
          tried++;
        }
      }
    }
    expect(tried).toBe(keys.length * 38 * 61);
  });

  it("rejects every single-character deletion and insertion anywhere in the key", () => {
    for (const key of keys) {
      for (let i = 0; i < key.length; i++) {
        // Deleting the first character of "opsa" leaves the valid-looking prefix "psa", and so on.
        if (i >= bodyStart - 1) expect(parseApiKey(key.slice(0, i) + key.slice(i + 1)), `deleted ${i}`).toBeNull();
      }
      for (let i = bodyStart; i <= key.length; i++) {
        for (const c of BASE62) expect(parseApiKey(key.slice(0, i) + c + key.slice(i))).toBeNull();
      }
    }
  });

  // BUG (issue 3 "the checksum rejects every single-character change of a real key"): the CRC
  // covers only the random part and parseApiKey accepts any well-formed prefix, so a typo in the
  // prefix ("opsb_…", "psa_…", "opsaa_…") passes the cheap check and costs a database read.
  it("rejects every single-character change of the prefix and its separator", () => {
    const key = keys[0]!;
    const accepted: string[] = [];
    for (let i = 0; i < bodyStart; i++) {
      for (const c of BASE62) {
        if (c === key[i]) continue;
        const mutant = key.slice(0, i) + c + key.slice(i + 1);
        if (parseApiKey(mutant)) accepted.push(mutant);
      }
      const deleted = key.slice(0, i) + key.slice(i + 1);
      if (parseApiKey(deleted)) accepted.push(deleted);
      for (const c of BASE62) {
        const inserted = key.slice(0, i) + c + key.slice(i);
        if (parseApiKey(inserted)) accepted.push(inserted);
      }
    }
    expect(accepted.length, `accepted, e.g.:\n${accepted.slice(0, 5).join("\n")}`).toBe(0);
  });

  it("accepts only the exact key, not a key with the right checksum of another random part", () => {
    const [a, b] = [bodyOf(keys[0]!), bodyOf(keys[1]!)];
    expect(parseApiKey(`opsa_${a.slice(0, 32)}${b.slice(32)}`)).toBeNull();
  });
});

describe("parseApiKey refuses what is not a key", () => {
  const key = generateApiKey();
  it.each([
    ["empty", ""],
    ["null-ish text", "null"],
    ["undefined text", "undefined"],
    ["NaN", "NaN"],
    ["a prefix only", "opsa_"],
    ["a truncated key", key.slice(0, -1)],
    ["the key twice", key + key],
    ["the key and one more character", `${key}0`],
    ["10,000 characters", `opsa_${"a".repeat(9995)}`],
    ["a leading space", ` ${key}`],
    ["a trailing newline", `${key}\n`],
    ["a tab inside", `${key.slice(0, 20)}\t${key.slice(21)}`],
    ["a Bearer scheme", `Bearer ${key}`],
    ["a Cyrillic о in the prefix", `\u043epsa${key.slice(4)}`],
    ["a fullwidth digit", `${key.slice(0, 10)}\uff10${key.slice(11)}`],
    ["a zero-width space", `${key.slice(0, 10)}\u200b${key.slice(10)}`],
    ["an upper-case prefix", key.replace("opsa", "OPSA")],
    ["a smart-key suffix (stripped by the caller, not here)", `${key}*eyJ9`],
  ])("%s", (_label, input) => {
    expect(parseApiKey(input)).toBeNull();
  });

  it("has a length bound that fits the longest prefix and nothing more", () => {
    expect(MAX_KEY_LENGTH).toBe(16 + 1 + 38);
    vi.stubEnv("API_KEY_PREFIX", "p".repeat(16));
    expect(parseApiKey(generateApiKey())).not.toBeNull();
  });
});

describe("keyHint", () => {
  it("shows the prefix, the first 4 random characters, an ellipsis and the last 4, nothing else", () => {
    for (let i = 0; i < 2000; i++) {
      const key = generateApiKey();
      const body = bodyOf(key);
      const hint = keyHint(key);
      expect(hint).toBe(`opsa_${body.slice(0, 4)}…${key.slice(-4)}`);
      expect(hint).toHaveLength("opsa_".length + 4 + 1 + 4);
      for (let start = 0; start + 5 <= body.length; start++) {
        expect(hint.includes(body.slice(start, start + 5)), `hint ${hint} leaks ${body.slice(start, start + 5)}`).toBe(false);
      }
    }
  });

  it("refuses something that is not a key rather than hinting at it", () => {
    expect(() => keyHint("not-a-key")).toThrow();
    expect(() => keyHint(generateApiKey().slice(0, -1))).toThrow();
  });
});

describe("hashApiKey", () => {
  it("is hex SHA-256: 64 characters, deterministic, different per key", () => {
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(`${key}`));
    expect(hashApiKey(key)).not.toBe(hashApiKey(generateApiKey()));
    expect(hashApiKey(key)).not.toContain(bodyOf(key).slice(0, 8));
  });
});

describe("stripSmartKeySuffix", () => {
  const key = generateApiKey();
  const suffix = Buffer.from(JSON.stringify({ baseUrl: "https://opik.example.com/" })).toString("base64");

  it("removes an Opik smart-key suffix: * and base64 JSON", () => {
    expect(stripSmartKeySuffix(`${key}*${suffix}`)).toBe(key);
    expect(parseApiKey(stripSmartKeySuffix(`${key}*${suffix}`))).not.toBeNull();
  });

  it("keeps a plain key and cuts at the first star", () => {
    expect(stripSmartKeySuffix(key)).toBe(key);
    expect(stripSmartKeySuffix(`${key}*`)).toBe(key);
    expect(stripSmartKeySuffix(`${key}*a*b`)).toBe(key);
    expect(stripSmartKeySuffix(`*${key}`)).toBe("");
  });
});
