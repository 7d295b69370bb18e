import { html, raw } from "@/lib/http/html";
import type { PersonWorkspace } from "@/db/queries/person-credentials";

/**
 * The few pages this service shows on the Opik host (under /_access/): plain server-rendered HTML
 * with every value escaped (lib/http/html.ts), no script, a strict Content-Security-Policy
 * (lib/access/opik-host.ts sets it).
 */
const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#111}
main{max-width:32rem;margin:10vh auto;padding:2rem;background:#fff;border:1px solid #ddd;border-radius:.75rem}
h1{font-size:1.25rem;margin:0 0 1rem}ul{list-style:none;padding:0}li{display:flex;justify-content:space-between;align-items:center;padding:.5rem 0;border-top:1px solid #eee}
button,a.button{font:inherit;padding:.35rem .9rem;border-radius:.4rem;border:1px solid #bbb;background:#fff;cursor:pointer;color:inherit;text-decoration:none}
button.primary{background:#111;color:#fff;border-color:#111}.muted{color:#555}p[role=status]{background:#eef6ee;padding:.5rem .75rem;border-radius:.4rem}
p[role=alert]{background:#fdeeee;padding:.5rem .75rem;border-radius:.4rem}`;

type SafeHtml = ReturnType<typeof html>;

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${title}</title>
    <style>${raw(STYLE)}</style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`.value;
}

export function messagePage(title: string, message: string, link?: { href: string; label: string }): string {
  return page(
    title,
    html`<h1>${title}</h1>
      <p role="alert">${message}</p>
      ${link ? html`<p><a class="button" href="${link.href}">${link.label}</a></p>` : ""}`,
  );
}

export function workspacePage(input: {
  email: string;
  current: string;
  workspaces: PersonWorkspace[];
  notice?: string;
  /** A link named this workspace, which the person may not use: the page says so and offers theirs. */
  refused?: string;
}): string {
  const title = input.refused ? "No access to this workspace" : "Opik workspace";
  return page(
    title,
    html`<h1>${title}</h1>
      ${input.notice ? html`<p role="status">${input.notice}</p>` : ""}
      ${input.refused
        ? html`<p role="alert">The link asks for workspace <strong data-testid="refused-workspace">${input.refused}</strong>, which you may not use. Open one of your own below, or ask an administrator for access.</p>`
        : ""}
      <p>Signed in as <strong>${input.email}</strong></p>
      <p>Current workspace: <strong data-testid="current-workspace">${input.current}</strong></p>
      <h2 style="font-size:1rem">Your workspaces</h2>
      <ul aria-label="Your workspaces">
        ${input.workspaces.map(
          (w) =>
            html`<li>
              <span>${w.name}${w.isDefault ? html` <span class="muted">(default)</span>` : ""}</span>
              ${w.name === input.current
                ? html`<span class="muted">Current</span>`
                : html`<form method="post" action="/_access/workspace">
                    <input type="hidden" name="workspace" value="${w.id}" />
                    <button type="submit" aria-label="Switch to ${w.name}">Switch</button>
                  </form>`}
            </li>`,
        )}
      </ul>
      <div style="display:flex;gap:.75rem;margin-top:1.5rem">
        <a class="button" href="/">Back to Opik</a>
        <form method="post" action="/_access/sign-out"><button type="submit" class="primary">Sign out</button></form>
      </div>`,
  );
}
