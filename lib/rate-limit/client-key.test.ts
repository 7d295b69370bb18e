import { describe, expect, it } from "vitest";
import { clientKey } from "./client-key";

describe("clientKey", () => {
  it("keeps an IPv4 address, also when Node reports it IPv4-mapped", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("groups IPv6 addresses by their /64, in any spelling", () => {
    const one = clientKey("2001:db8:aa:bb:1:2:3:4");
    expect(one).toBe("2001:db8:aa:bb::/64");
    expect(clientKey("2001:DB8:AA:BB::9")).toBe(one);
    expect(clientKey("2001:0db8:00aa:00bb:ffff::1%eth0")).toBe(one);
    expect(clientKey("2001:db8:aa:bc::1")).not.toBe(one);
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(clientKey("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("keeps anything else as given, bounded", () => {
    expect(clientKey(" not-an-address ")).toBe("not-an-address");
    expect(clientKey("x".repeat(500))).toHaveLength(100);
    expect(clientKey("")).toBe("");
  });
});
