import { describe, expect, it } from "vitest";
import { readCheckWorkers } from "./workers";

const PG = { DATABASE_URL: "postgres://db/sa" };

describe("readCheckWorkers (CHECK_WORKERS)", () => {
  it("is 1 (one process, no workers) when unset or empty", () => {
    expect(readCheckWorkers({}, 8)).toBe(1);
    expect(readCheckWorkers({ CHECK_WORKERS: "  " }, 8)).toBe(1);
    expect(readCheckWorkers({ ...PG, CHECK_WORKERS: "" }, 8)).toBe(1);
  });

  it("takes a whole number from 1 to 64 on Postgres", () => {
    expect(readCheckWorkers({ ...PG, CHECK_WORKERS: "1" }, 8)).toBe(1);
    expect(readCheckWorkers({ ...PG, CHECK_WORKERS: " 2 " }, 8)).toBe(2);
    expect(readCheckWorkers({ ...PG, CHECK_WORKERS: "64" }, 8)).toBe(64);
  });

  it("auto is the cores on Postgres (at most 64), 1 on PGlite", () => {
    expect(readCheckWorkers({ ...PG, CHECK_WORKERS: "auto" }, 4)).toBe(4);
    expect(readCheckWorkers({ ...PG, CHECK_WORKERS: "AUTO" }, 1)).toBe(1);
    expect(readCheckWorkers({ ...PG, CHECK_WORKERS: "auto" }, 128)).toBe(64);
    expect(readCheckWorkers({ CHECK_WORKERS: "auto" }, 8)).toBe(1);
  });

  it.each(["0", "65", "-1", "1.5", "2x", "two", "0x2", "1e1", "yes", "999999"])("refuses %j with the setting's name", (value) => {
    expect(() => readCheckWorkers({ ...PG, CHECK_WORKERS: value }, 8)).toThrow(/^CHECK_WORKERS must be "auto" or a whole number from 1 to 64/);
  });

  it("refuses more than one worker on PGlite (one process per data folder), and allows 1", () => {
    expect(() => readCheckWorkers({ CHECK_WORKERS: "2" }, 8)).toThrow(/^CHECK_WORKERS=2 needs DATABASE_URL/);
    expect(readCheckWorkers({ CHECK_WORKERS: "1" }, 8)).toBe(1);
  });
});
