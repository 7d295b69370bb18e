import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("hashPassword / verifyPassword", () => {
  it("hashes with argon2id, salted, never returning the plaintext", async () => {
    const password = "correct horse battery staple";
    const [a, b] = [await hashPassword(password), await hashPassword(password)];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(a).not.toContain(password);
    expect(a).not.toBe(b);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(hash, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  it("handles unicode passwords", async () => {
    const hash = await hashPassword("pässwörd-🔑-密码");
    expect(await verifyPassword(hash, "pässwörd-🔑-密码")).toBe(true);
    expect(await verifyPassword(hash, "passwort-🔑-密码")).toBe(false);
  });

  it("refuses when there is no hash (unknown email) without throwing", async () => {
    expect(await verifyPassword(null, "not-a-real-password-used-for-timing")).toBe(false);
    expect(await verifyPassword(null, "anything")).toBe(false);
  });

  it.each(["", "plaintext", "$argon2id$placeholder", "$2b$10$abcdefghijklmnopqrstuv"])("refuses the unusable stored hash %j without throwing", async (stored) => {
    expect(await verifyPassword(stored, "plaintext")).toBe(false);
  });
});
