import { describe, expect, it } from "vitest";
import { countedCheck, metricsText } from "./metrics";

const series = async (result: string) => {
  const { body } = await metricsText();
  const line = body.split("\n").find((l) => l.startsWith(`sa_credential_checks_total{kind="person",result="${result}"} `));
  return line ? Number(line.split(" ").at(-1)) : 0;
};

describe("countedCheck", () => {
  it("counts a check's result code, and a check that threw as unavailable (the error goes on)", async () => {
    const [ok, unavailable] = [await series("ok"), await series("unavailable")];
    await expect(countedCheck("person", async () => ({ code: "ok" }))).resolves.toEqual({ code: "ok" });
    await expect(countedCheck("person", async () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await series("ok")).toBe(ok + 1);
    expect(await series("unavailable")).toBe(unavailable + 1);
  });
});
