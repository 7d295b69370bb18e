import { headers } from "next/headers";

/**
 * The client's address for audit records. Next's server sets X-Forwarded-For from the socket;
 * behind a proxy the first entry is the original client as the proxy reported it.
 */
export async function clientAddress(): Promise<string | null> {
  const h = await headers();
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || h.get("x-real-ip")?.trim() || null;
  return address ? address.slice(0, 100) : null;
}
