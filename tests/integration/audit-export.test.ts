// Issue 27 item 5: the audit log's CSV export (lib/audit-export.ts) streams the page's filtered
// events in batches, newest first, every one exactly once; cells a spreadsheet would run as
// formulas are defused; client addresses are shown in one form (lib/format.ts).
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit";
import { auditEvents } from "@/db/schema";
import { AUDIT_CSV_COLUMNS, auditCsvLines, csvCell, EXPORT_BATCH } from "@/lib/audit-export";
import { formatClientAddress } from "@/lib/format";
import { uniqueName } from "../support/fixtures";

const BULK = EXPORT_BATCH * 2 + 7;
const bulkTarget = uniqueName("bulk-target");
const actor = { id: "00000000-0000-4000-8000-000000000001", email: "exporter@example.test" };

async function csvOf(filter: { action?: string; actor?: string; target?: string }): Promise<string> {
  let text = "";
  for await (const line of auditCsvLines(getDb(), { action: "", actor: "", target: "", ...filter })) text += line;
  return text;
}

/** A minimal RFC 4180 reader for the export's own output (every cell quoted). */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split("\r\n").filter(Boolean)) {
    const cells = [...line.matchAll(/"((?:[^"]|"")*)"(?:,|$)/g)].map((m) => m[1]!.replaceAll('""', '"'));
    rows.push(cells);
  }
  return rows;
}

beforeAll(async () => {
  const db = getDb();
  // Many events at once, a millisecond apart, so their order is known (newest = highest n).
  await db.insert(auditEvents).values(
    Array.from({ length: BULK }, (_, n) => ({
      action: "workspace.create",
      targetType: "workspace",
      targetId: `id-${n}`,
      targetName: `${bulkTarget}-${String(n).padStart(4, "0")}`,
      clientAddress: "::ffff:192.0.2.10",
      occurredAt: sql`'2030-01-01T00:00:00Z'::timestamptz + ${n}::int * interval '1 millisecond'`,
    })),
  );
  await db.transaction((tx) =>
    recordAuditEvent(tx, {
      actor,
      action: "administrator.update",
      targetType: "administrator",
      targetId: "00000000-0000-4000-8000-000000000002",
      targetName: '=HYPERLINK("http://evil.example","click"), "quoted"\nnext line',
      clientAddress: "2001:db8::1",
      details: { before: { name: "-2+3" }, after: { name: "@SUM(A1)" } },
    }),
  );
});

describe("csvCell", () => {
  it("quotes every cell, doubles quotes, and defuses formula-leading cells", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    for (const lead of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${lead}1+1`)).toBe(`"'${lead}1+1"`);
    expect(csvCell("a=1")).toBe('"a=1"');
  });
});

describe("formatClientAddress", () => {
  it("shows an IPv4-mapped IPv6 address as IPv4, anything else as stored", () => {
    expect(formatClientAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(formatClientAddress("::FFFF:10.1.2.3")).toBe("10.1.2.3");
    expect(formatClientAddress("127.0.0.1")).toBe("127.0.0.1");
    expect(formatClientAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(formatClientAddress("::ffff:abcd")).toBe("::ffff:abcd");
    expect(formatClientAddress(null)).toBeNull();
  });
});

describe("auditCsvLines", () => {
  it("streams every filtered event once, newest first, across batches", async () => {
    const rows = parse(await csvOf({ target: bulkTarget }));
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    const names = rows.slice(1).map((r) => r[5]);
    expect(names).toHaveLength(BULK);
    expect(new Set(names).size).toBe(BULK);
    expect(names[0]).toBe(`${bulkTarget}-${String(BULK - 1).padStart(4, "0")}`);
    expect(names.at(-1)).toBe(`${bulkTarget}-0000`);
    expect(rows[1]!.slice(0, 5)).toEqual([new Date(Date.UTC(2030, 0, 1) + BULK - 1).toISOString(), "system", "Workspace created", "workspace.create", "workspace"]);
    expect(rows[1]![7]).toBe("192.0.2.10");
  });

  it("applies the page's filters: action, actor, target", async () => {
    expect(parse(await csvOf({ action: "administrator.update", actor: "exporter@" }))).toHaveLength(2);
    expect(parse(await csvOf({ action: "workspace.create", target: bulkTarget }))).toHaveLength(BULK + 1);
    expect(parse(await csvOf({ actor: "nobody-at-all@" }))).toEqual([[...AUDIT_CSV_COLUMNS]]);
  });

  it("defuses formulas in names and details, keeps quotes and line breaks, and names people as people", async () => {
    const text = await csvOf({ action: "administrator.update", actor: "exporter@" });
    const [, row] = parse(text);
    expect(row![1]).toBe("exporter@example.test");
    expect(row![4]).toBe("person");
    expect(row![5]).toBe(`'=HYPERLINK("http://evil.example","click"), "quoted"\nnext line`);
    expect(row![7]).toBe("2001:db8::1");
    expect(JSON.parse(row![8]!)).toEqual({ before: { name: "-2+3" }, after: { name: "@SUM(A1)" } });
    // No cell of the file starts with a formula character once unquoted.
    for (const cell of parse(text).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
