import { ROLES, type Role } from "@/db/schema";

/**
 * Single sign-on with OpenID Connect (README "Single sign-on"), from the environment. Read at
 * start-up (server.ts), so a half-configured provider stops the process with the reason.
 */
export type SsoSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button reads "Sign in with <name>". */
  name: string;
  scopes: string;
  groupsClaim: string;
  /** Someone the identity provider vouches for but who is not a person here yet: refused, or created with this role. */
  newPeople: "refuse" | Role;
};

export const SSO_DEFAULTS = { name: "SSO", scopes: "openid email profile groups", groupsClaim: "groups", newPeople: "refuse" } as const;

const text = (env: Record<string, string | undefined>, name: string) => env[name]?.trim() ?? "";

/** The SSO settings, or null when AUTH_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET are all unset. */
export function readSsoSettings(env: Record<string, string | undefined> = process.env): SsoSettings | null {
  const issuer = text(env, "AUTH_OIDC_ISSUER");
  const clientId = text(env, "AUTH_OIDC_CLIENT_ID");
  const clientSecret = text(env, "AUTH_OIDC_CLIENT_SECRET");
  if (!issuer && !clientId && !clientSecret) return null;
  const missing = [
    ["AUTH_OIDC_ISSUER", issuer],
    ["AUTH_OIDC_CLIENT_ID", clientId],
    ["AUTH_OIDC_CLIENT_SECRET", clientSecret],
  ].filter(([, value]) => !value);
  if (missing.length) throw new Error(`single sign-on needs ${missing.map(([name]) => name).join(" and ")} too`);
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`AUTH_OIDC_ISSUER must be the identity provider's issuer URL (got "${issuer.slice(0, 80)}")`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("AUTH_OIDC_ISSUER must be an http(s) URL");
  const name = text(env, "AUTH_OIDC_NAME") || SSO_DEFAULTS.name;
  if (name.length > 40) throw new Error("AUTH_OIDC_NAME must be at most 40 characters");
  const scopes = (text(env, "AUTH_OIDC_SCOPES") || SSO_DEFAULTS.scopes).split(/\s+/).join(" ");
  if (!scopes.split(" ").includes("openid")) throw new Error('AUTH_OIDC_SCOPES must include "openid"');
  const groupsClaim = text(env, "AUTH_OIDC_GROUPS_CLAIM") || SSO_DEFAULTS.groupsClaim;
  const newPeople = (text(env, "AUTH_OIDC_NEW_PEOPLE") || SSO_DEFAULTS.newPeople).toLowerCase();
  if (newPeople !== "refuse" && !(ROLES as readonly string[]).includes(newPeople)) {
    throw new Error(`AUTH_OIDC_NEW_PEOPLE must be refuse, ${ROLES.join(", ")} (got "${newPeople.slice(0, 20)}")`);
  }
  return { issuer, clientId, clientSecret, name, scopes, groupsClaim, newPeople: newPeople as SsoSettings["newPeople"] };
}

/** AUTH_PASSWORD_SIGN_IN: true (default) or false; false leaves the password only to the break-glass administrator (db/queries/administrators.ts). */
export function passwordSignInOpen(env: Record<string, string | undefined> = process.env): boolean {
  const raw = text(env, "AUTH_PASSWORD_SIGN_IN").toLowerCase();
  if (raw === "" || raw === "true") return true;
  if (raw === "false") return false;
  throw new Error(`AUTH_PASSWORD_SIGN_IN must be true or false (got "${raw.slice(0, 20)}")`);
}

/** Both settings together, at start-up: turning password sign-in off needs single sign-on. */
export function checkSignInSettings(env: Record<string, string | undefined> = process.env): void {
  const sso = readSsoSettings(env);
  // Next.js hands Auth.js a loopback address as "localhost", so a callback on 127.0.0.1 would never
  // match the redirect URI registered at the provider.
  const authUrl = text(env, "AUTH_URL");
  if (sso && /^https?:\/\/(127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/i.test(authUrl)) {
    throw new Error("with single sign-on, AUTH_URL must not be a loopback address (127.0.0.1, [::1]): use localhost");
  }
  if (!passwordSignInOpen(env) && !sso) throw new Error("AUTH_PASSWORD_SIGN_IN=false needs single sign-on (AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET)");
}
