/** What decides how a person may sign in (db/queries/administrators.ts PersonRow). */
export type SignInFacts = { hasPassword: boolean; ssoLinked: boolean; groupsManaged: boolean; breakGlass: boolean };

/**
 * The People page's "Signs in with" (README "Single sign-on"), by the rules lib/auth/credentials.ts
 * applies: a password works only while password sign-in is on and the person is not managed by
 * group mappings, except for the break-glass administrator, whose password always works.
 */
export function signsInWith(person: SignInFacts, passwordSignInOpen: boolean): string {
  const passwordForAnyone = passwordSignInOpen && !person.groupsManaged;
  const password = person.hasPassword && (passwordForAnyone || person.breakGlass);
  const way = password && !passwordForAnyone ? "Password (break-glass)" : "Password";
  if (password && person.ssoLinked) return `${way} or single sign-on`;
  if (password) return way;
  return person.ssoLinked ? "Single sign-on only" : "Single sign-on (not yet used)";
}
