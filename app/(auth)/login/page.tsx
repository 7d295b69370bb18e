import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/access/return-path";
import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form";
import { SsoSignIn } from "@/components/auth/sso-sign-in";
import { ssoErrorMessage } from "@/lib/auth/sso-messages";
import { passwordSignInOpen, readSsoSettings } from "@/lib/auth/sso-settings";
import { getDb } from "@/db/client";
import { countAdministrators } from "@/db/queries/administrators";
import { getCurrentAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";
import { PRODUCT_NAME } from "@/lib/product";

/** Sign-in for Opik's web UI comes back through /access/sign-in (README "Use with Opik"): it says so. */
const forOpikHost = (next: string | undefined) => next?.startsWith("/access/sign-in?") ?? false;

export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<Metadata> {
  const next = safeReturnPath((await searchParams).next) ?? undefined;
  return forOpikHost(next) ? { title: { absolute: "Sign in to Opik · Service Accounts Admin" } } : { title: "Sign in" };
}
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeReturnPath(params.next) ?? undefined;
  const { count, signedIn } = await guardRequest(async () => ({
    count: await countAdministrators(getDb()),
    signedIn: (await getCurrentAdministrator()) !== null,
  }));
  if (count === 0) redirect("/setup");
  if (signedIn) redirect(next ?? "/"); // "/" sends each role to its home (app/page.tsx)
  const sso = readSsoSettings();
  // Password sign-in turned off (AUTH_PASSWORD_SIGN_IN=false): the form only behind the break-glass link.
  const showPassword = !sso || passwordSignInOpen() || params.password === "1";
  const error = sso ? ssoErrorMessage(params.error) : null;
  const forOpik = forOpikHost(next);
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <p className="text-sm font-medium text-muted-foreground">{PRODUCT_NAME}</p>
        <h1 className="text-xl font-semibold">{forOpik ? "Sign in to Opik" : "Sign in"}</h1>
      </div>
      {error ? (
        <p className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive" data-testid="sign-in-error">
          {error}
        </p>
      ) : null}
      {sso ? <SsoSignIn name={sso.name} next={next} /> : null}
      {sso && showPassword ? <p className="text-center text-xs text-muted-foreground">or with your password</p> : null}
      {showPassword ? (
        <LoginForm next={next} />
      ) : (
        <Link href={`/login?password=1${next ? `&next=${encodeURIComponent(next)}` : ""}`} className="text-center text-xs text-muted-foreground underline">
          Break-glass administrator: sign in with a password
        </Link>
      )}
    </div>
  );
}
