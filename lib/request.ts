import { headers } from "next/headers";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";

/** The client's address for audit records, as server.ts determined it (see lib/http/client-address). */
export async function clientAddress(): Promise<string | null> {
  const value = (await headers()).get(CLIENT_ADDRESS_HEADER)?.trim();
  return value ? value.slice(0, 100) : null;
}
