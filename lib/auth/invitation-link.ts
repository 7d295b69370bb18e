/**
 * An invitation link's path (docs/people-and-roles.md "Invitations"). The token rides in the
 * fragment, which browsers never send: it stays out of request lines, access logs and Referer
 * headers; the invitation page reads it and posts it in a body. No secret here: the browser imports it too.
 */
export function invitationPath(token: string): string {
  return `/invite#${token}`;
}
