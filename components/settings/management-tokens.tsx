import { DateCell } from "@/components/data-table/date-cell";
import { Badge } from "@/components/ui/badge";
import { ACTIONS_CELL, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ManagementTokenListRow } from "@/db/queries/management-tokens";
import { tokenStatus } from "@/lib/domain/token-standing";
import { CreateTokenDialog } from "./create-token-dialog";
import { TokenRowActions } from "./revoke-token-button";

/** Management tokens of the REST API (README "Automate it"): hint, access, who created it, expiry, last use. */
export function ManagementTokens({ tokens, canWrite, nowMs }: { tokens: ManagementTokenListRow[]; canWrite: boolean; nowMs: number }) {
  return (
    <section className="grid gap-4 rounded-lg border p-4" aria-labelledby="tokens-heading">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h3 id="tokens-heading" className="text-lg font-semibold">
            Management tokens
          </h3>
          <p className="text-sm text-muted-foreground">
            For scripts and CI jobs that use the REST API under /api/v1/ (reference at{" "}
            <a href="/api/v1/docs" className="underline underline-offset-4 hover:text-foreground">
              /api/v1/docs
            </a>
            ). The audit log names the token and
            who created it.
          </p>
        </div>
        <CreateTokenDialog canWrite={canWrite} />
      </div>
      {tokens.length === 0 ? (
        <p className="text-sm text-muted-foreground">No tokens yet.</p>
      ) : (
        <Table aria-label="Management tokens">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Token</TableHead>
              <TableHead>Access</TableHead>
              <TableHead>Created by</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead>Last used</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tokens.map((t) => (
              <TableRow key={t.id}>
                <TableCell className="font-medium break-all">{t.name}</TableCell>
                <TableCell className="font-mono text-xs">{t.hint}</TableCell>
                <TableCell>
                  <Badge variant="outline">{t.access === "write" ? "Write" : "Read"}</Badge>
                </TableCell>
                <TableCell className="break-all">{t.createdByEmail}</TableCell>
                <TableCell>
                  <DateCell value={t.createdAt} fallback="" />
                </TableCell>
                <TableCell>
                  <DateCell value={t.expiresAt} fallback="Never" />
                </TableCell>
                <TableCell>
                  <DateCell value={t.lastUsedAt} fallback="Never" />
                </TableCell>
                <TableCell>{tokenStatus(t, nowMs)}</TableCell>
                <TableCell className={ACTIONS_CELL}>{t.revokedAt ? null : <TokenRowActions token={t} canWrite={canWrite} />}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
