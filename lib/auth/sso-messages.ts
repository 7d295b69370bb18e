/**
 * What /login says after a single sign-on that did not end in a session (README "Single sign-on").
 * `error` is the query parameter Auth.js or the signIn callback (lib/auth/next-auth.ts) set; an
 * unknown value gets the general message, and nothing from it is ever echoed.
 */
const MESSAGES: Record<string, string> = {
  sso_not_a_person: "Your identity provider account is not a person in this Admin Dashboard. Ask an administrator to add you.",
  sso_email_not_verified: "Your identity provider has not verified your email address, so it cannot be matched to a person here.",
  sso_no_email: "Your identity provider did not send an email address. Ask its administrator to release the email claim to this application.",
  sso_linked_elsewhere: "The person with your email address signs in with another account of the identity provider.",
  sso_disabled: "This account is disabled. Ask an admin to enable it.",
  sso_no_mapped_group: "None of your groups at the identity provider gives access to this Admin Dashboard. Ask an administrator to map one of your groups.",
  sso_groups_not_a_list: "Your identity provider sent your groups in a form this Admin Dashboard cannot read (not a list). Ask an administrator to check the groups claim.",
  sso_unavailable: "Single sign-on is unavailable right now: the identity provider did not answer as expected. Try again later, or sign in with a password.",
};
// Everything else Auth.js reports on the callback (its `Configuration` included): a state, PKCE or
// nonce check that failed, a code used twice, an ID token for another client, a provider that failed
// halfway. Which one is in the log ([auth] …), not on the page.
const INCOMPLETE = "Single sign-on did not complete (the sign-in may have expired, been used already, or been refused by the identity provider). Try again.";

export function ssoErrorMessage(error: string | string[] | undefined): string | null {
  const code = Array.isArray(error) ? error[0] : error;
  if (!code) return null;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code]! : INCOMPLETE;
}

/**
 * The password form's answer to a right password of someone linked to the identity provider while
 * group mappings exist (lib/auth/credentials.ts): their groups decide, so they use the provider.
 */
export function ssoOnlyMessage(providerName: string | undefined): string {
  if (!providerName) return "You sign in with single sign-on (your access follows your groups at the identity provider), which is not set up here right now. Ask an administrator.";
  return `Sign in with ${providerName}: your access follows your groups at the identity provider, so your password is not used here.`;
}
