import { describe, expect, it } from "vitest";
import { readOpikBackendAddresses } from "./backend-addresses";

describe("OPIK_BACKEND_ADDRESSES", () => {
  it.each([undefined, "", " , "])("unset (%j): no address may call the by-username routes", (value) => {
    expect(readOpikBackendAddresses(value)).toBeNull();
  });

  it("matches the listed addresses and ranges, IPv4-mapped IPv6 included, and nothing else", () => {
    const allowed = readOpikBackendAddresses("10.0.0.7, 10.1.0.0/16, ::1")!;
    for (const a of ["10.0.0.7", "::ffff:10.0.0.7", "10.1.200.3", "::1"]) expect(allowed(a), a).toBe(true);
    for (const a of ["10.0.0.8", "127.0.0.1", "", "not-an-address"]) expect(allowed(a), a).toBe(false);
    expect(readOpikBackendAddresses("loopback")!("127.0.0.1")).toBe(true);
  });

  it.each(["*", "0.0.0.0/0", "::/0", "opik-backend", "10.0.0.300", "10.0.0.0/99"])("refuses %j with a message naming the setting", (value) => {
    expect(() => readOpikBackendAddresses(value)).toThrow(/OPIK_BACKEND_ADDRESSES/);
  });
});
