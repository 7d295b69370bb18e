import { describe, expect, it } from "vitest";
import { usageSnippet } from "@/components/api-keys/usage-snippet";
import { readOpikApiUrl } from "./opik-url";

describe("OPIK_URL", () => {
  it("is optional", () => {
    expect(readOpikApiUrl({})).toBeNull();
    expect(readOpikApiUrl({ OPIK_URL: "  " })).toBeNull();
  });
  it("keeps the URL as given, less a trailing slash", () => {
    expect(readOpikApiUrl({ OPIK_URL: "https://opik.example.com/api/" })).toBe("https://opik.example.com/api");
    expect(readOpikApiUrl({ OPIK_URL: " http://localhost:5173/api " })).toBe("http://localhost:5173/api");
    expect(readOpikApiUrl({ OPIK_URL: "https://example.com/opik/api" })).toBe("https://example.com/opik/api");
  });
  it.each([
    ["not a URL", "opik.example.com/api", /absolute http\(s\) URL/],
    ["another scheme", "javascript:alert(1)", /http:\/\/ or https:\/\//],
    ["credentials", "https://u:p@opik.example.com/api", /no user, query or fragment/],
    ["a query", "https://opik.example.com/api?x=1", /no user, query or fragment/],
  ])("refuses %s with its reason", (_name, value, message) => {
    expect(() => readOpikApiUrl({ OPIK_URL: value })).toThrow(message);
  });
});

describe("the key reveal's snippet", () => {
  const key = "opsa_0123456789abcdefghijABCDEFGHIJ0123";
  it("shows the placeholder (and says what goes there) without OPIK_URL, and the SDKs' default URL nowhere", () => {
    const text = usageSnippet(key, null, null);
    expect(text).toContain("export OPIK_URL_OVERRIDE=https://your-opik-host/api  # your Opik backend's API URL");
    expect(text).toContain(`client = opik.Opik(api_key="${key}", workspace="your-workspace")`);
    expect(text).not.toContain("comet.com");
  });
  it("fills in OPIK_URL for the environment and both SDKs' constructors", () => {
    const text = usageSnippet(key, "team-a", "https://opik.example.com/api");
    expect(text).toContain("export OPIK_URL_OVERRIDE=https://opik.example.com/api\n");
    expect(text).toContain(`opik.Opik(host="https://opik.example.com/api", api_key="${key}", workspace="team-a")`);
    expect(text).toContain(`new Opik({ apiUrl: "https://opik.example.com/api", apiKey: "${key}", workspaceName: "team-a" })`);
  });
});
