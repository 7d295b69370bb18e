import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/roles";
import { requirePerson } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";

export const dynamic = "force-dynamic";

/** Where sign-in lands: the dashboard, or for a member their own page (/me). */
export default async function Home() {
  const person = await guardRequest(() => requirePerson());
  redirect(homePathFor(person.role));
}
