import { compileAddressList } from "@/lib/http/client-address";

type Matcher = (address: string) => boolean;

/**
 * OPIK_BACKEND_ADDRESSES (docs/configuration.md): the addresses or CIDR ranges of the Opik backend,
 * comma-separated (or `loopback`, `linklocal`, `uniquelocal`). Only they may call the routes that
 * name a person by a header instead of a credential (`/opik/auth-by-username`,
 * `/opik/workspace-permissions-by-username`, OPIK-AUTH-CONTRACT.md §8 F, §18.3): upstream says such
 * a route "is only as strong as the network boundary in front of" it. Unset or empty: the routes
 * answer 404, which Opik reads as "not exposed". A value that is not a list of addresses stops the start-up.
 */
export function readOpikBackendAddresses(value: string | undefined = process.env.OPIK_BACKEND_ADDRESSES): Matcher | null {
  const entries = (value ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  if (entries.some((e) => /^(\*|0\.0\.0\.0\/0|::\/0|any|all)$/i.test(e))) {
    throw new Error(`OPIK_BACKEND_ADDRESSES lists the Opik backend's own addresses or CIDR ranges (e.g. "10.0.0.7" or "10.0.0.0/24"), not everyone ("${value!.trim().slice(0, 40)}")`);
  }
  const trust = compileAddressList(entries, 'OPIK_BACKEND_ADDRESSES is not a list of addresses or CIDR ranges (e.g. "10.0.0.7, 10.0.1.0/24")');
  return (address) => {
    if (address === "") return false;
    try {
      return trust(address, 0);
    } catch {
      return false;
    }
  };
}

const store = globalThis as typeof globalThis & { __serviceAccountsOpikBackend?: { matcher: Matcher | null } };

/** The setting, read once per process (server.ts reads it at start-up, so a bad value stops it). */
export function opikBackendAddresses(): Matcher | null {
  return (store.__serviceAccountsOpikBackend ??= { matcher: readOpikBackendAddresses() }).matcher;
}
