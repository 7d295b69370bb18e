import * as oauth from "oauth4webapi";
import type { Account, Profile } from "next-auth";
import type { SsoClaims } from "@/lib/domain/sso";
import { isStorableText, printable } from "@/lib/validations/storable-text";
import { groupsFromClaims } from "./sso-groups";
import type { SsoSettings } from "./sso-settings";

/**
 * The claims lib/domain/sso.ts reads. Auth.js hands over the ID token's claims (checked: signature,
 * issuer, audience, nonce). A provider in OpenID Connect's default setting releases the scope
 * claims (email, email_verified, name, groups) at its UserInfo endpoint instead (Core 1.0 §5.4):
 * when the ID token lacks any of them, they are read from there with the access token, through
 * oauth4webapi as Auth.js itself does, and its `sub` must be the ID token's (§5.3.2). What the ID
 * token says wins; UserInfo only fills in. `null` when UserInfo could not be read (logged).
 */
export async function ssoClaimsOf(idToken: Profile, account: Account, sso: SsoSettings): Promise<SsoClaims | null> {
  const wanted = ["email", "email_verified", "name", sso.groupsClaim];
  let profile: Record<string, unknown> = idToken;
  if (wanted.some((claim) => idToken[claim] === undefined) && account.access_token) {
    const userInfo = await readUserInfo(sso, account.access_token, String(idToken.sub ?? ""));
    if (userInfo === "failed") return null;
    if (userInfo) profile = { ...userInfo, ...idToken };
  }
  const subject = profile.sub;
  // A subject no column can hold (NUL, a lone surrogate) would fail the sign-in's query: refused.
  if (typeof subject === "string" && !isStorableText(subject)) {
    console.error("[auth] single sign-on: the identity provider sent a subject with a NUL or broken character");
    return null;
  }
  return claimsOf(profile, sso.groupsClaim);
}

const USERINFO_TIMEOUT_MS = 10_000;

/** The UserInfo claims; undefined when the provider has no UserInfo endpoint (the ID token is all there is). */
async function readUserInfo(sso: SsoSettings, accessToken: string, subject: string): Promise<Record<string, unknown> | undefined | "failed"> {
  const issuer = new URL(sso.issuer);
  // Auth.js allows plain http for every provider; here only for an http issuer (a test or a LAN provider).
  const options = { [oauth.allowInsecureRequests]: issuer.protocol === "http:", signal: () => AbortSignal.timeout(USERINFO_TIMEOUT_MS) };
  try {
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
    if (!as.userinfo_endpoint) return undefined;
    const client = { client_id: sso.clientId };
    const response = await oauth.userInfoRequest(as, client, accessToken, options);
    return await oauth.processUserInfoResponse(as, client, subject, response);
  } catch (error) {
    // The reason only (a subject that is not the ID token's, an HTTP error): never a token.
    const reason = error instanceof Error ? error.message.replace(/\s+/g, " ").slice(0, 300) : "unknown error";
    console.error(`[auth] single sign-on: the identity provider's UserInfo could not be read: ${reason}`);
    return "failed";
  }
}

function claimsOf(profile: Record<string, unknown>, groupsClaim: string): SsoClaims {
  const groups = groupsFromClaims(profile, groupsClaim);
  // Claims are stored (email, name) or written to audit events (groups): unstorable text (NUL, a
  // lone surrogate) is dropped here rather than failing a query. An email is an identity, so it is
  // dropped whole (refused as no email); a name is display text, so its bad characters become U+FFFD.
  const text = (value: unknown) => (typeof value === "string" && isStorableText(value) ? value : null);
  const name = typeof profile.name === "string" ? printable(profile.name, 10_000) : text(profile.preferred_username);
  const verified = profile.email_verified;
  return {
    subject: String(profile.sub ?? ""),
    email: text(profile.email),
    // Some providers send the string "true".
    emailVerified: verified === true || verified === "true",
    name,
    groups: groups.ok ? groups.groups.filter(isStorableText) : "not_a_list",
  };
}
