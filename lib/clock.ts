/**
 * The one clock of key checks and key lifecycle decisions (expiry, grace periods, the policy's
 * maximum lifetime). Tests replace it (`setClock`) to check exact boundaries without sleeping.
 */
let current: () => number = () => Date.now();

export function now(): number {
  return current();
}

/** Tests only: a fixed or moving clock; `null` restores the real one. */
export function setClock(clock: (() => number) | null): void {
  current = clock ?? (() => Date.now());
}
