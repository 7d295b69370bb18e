// A real OpenID provider for the tests of single sign-on (issue 16): the maintained `oidc-provider`
// package on a loopback port, with one confidential client (this service, PKCE, state and nonce as
// Auth.js sends them) and test users whose claims a test can change while it runs. Its own
// development login page is the interaction: any password, the user is the `login` typed.
// `node --import tsx tests/support/oidc-provider.ts` runs it on OIDC_PORT for Playwright.
import { createServer, type Server } from "node:http";
import Provider, { type Configuration } from "oidc-provider";

export type TestUser = { email: string | null; email_verified: unknown; name: string | null; groups: unknown };
export const OIDC_CLIENT = { id: "service-accounts-admin", secret: "oidc-test-client-secret-0123456789" } as const;
/** Another application registered at the same provider (same redirect URIs): its codes and ID tokens are not for this service. */
export const OTHER_CLIENT = { id: "another-application", secret: "another-application-secret-0123456789" } as const;

/** The users every run starts with (e2e/sso.spec.ts and the contract tests use them by login). */
export function initialUsers(): Record<string, TestUser> {
  return {
    alice: { email: "alice@example.test", email_verified: true, name: "Alice Admin", groups: ["platform-admins"] },
    bob: { email: "bob@example.test", email_verified: true, name: "Bob Builder", groups: ["ml-team"] },
    mallory: { email: "mallory@example.test", email_verified: false, name: "Mallory", groups: [] },
    nomail: { email: null, email_verified: false, name: "No Mail", groups: [] },
  };
}

export type RunningProvider = { issuer: string; users: Record<string, TestUser>; stop: () => Promise<void> };

/**
 * Where the provider releases the claims asked for by scope (email, email_verified, name, groups):
 * "userinfo" is OpenID Connect's default and oidc-provider's (`conformIdTokenClaims: true`): the ID
 * token carries `sub` only, the rest comes from the UserInfo endpoint with the access token;
 * "id_token" copies them into the ID token too, as many providers can be set to do.
 */
export type ClaimsIn = "id_token" | "userinfo";
/** OIDC_CLAIMS_IN=userinfo runs every SSO spec against the conformant setting (`npx playwright test e2e/sso*.spec.ts`). */
const claimsInFromEnv = (): ClaimsIn => (process.env.OIDC_CLAIMS_IN === "userinfo" ? "userinfo" : "id_token");

/**
 * Starts the provider on `port` (0: any free one) for a client whose callback is `redirectUri`.
 * `POST /_test/users/<login>` with a JSON body replaces that user's claims (a test changing the
 * groups at the provider); it exists only in this test server.
 */
export async function startOidcProvider(options: { port: number; redirectUris: string[]; claimsIn?: ClaimsIn }): Promise<RunningProvider> {
  const users = initialUsers();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const issuer = `http://127.0.0.1:${port}`;
  const configuration: Configuration = {
    clients: [OIDC_CLIENT, OTHER_CLIENT].map((client) => ({
      client_id: client.id,
      client_secret: client.secret,
      redirect_uris: options.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    conformIdTokenClaims: (options.claimsIn ?? claimsInFromEnv()) === "userinfo",
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["oidc-test-cookie-key-0123456789abcdef"] },
    async findAccount(_ctx, id) {
      if (!Object.hasOwn(users, id)) return undefined;
      return {
        accountId: id,
        async claims() {
          const user = users[id]!;
          return { sub: `test|${id}`, ...user };
        },
      };
    },
    // No consent screen: this client is first-party.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  // What the provider refused and why, for a failing test's output.
  for (const event of ["grant.error", "server_error", "authorization.error"] as const) {
    (provider as unknown as { on: (e: string, f: (ctx: unknown, error: { name?: string; error_description?: string; error_detail?: string; message?: string }) => void) => void }).on(
      event,
      (_ctx, error) => console.warn(`[oidc-provider] ${event}: ${error.name ?? ""} ${error.error_description ?? error.message ?? ""} ${error.error_detail ?? ""}`),
    );
  }
  const handle = provider.callback();
  server.on("request", (req, res) => {
    const match = /^\/_test\/users\/([a-z]+)$/.exec(req.url ?? "");
    if (!match || req.method !== "POST") return void handle(req, res);
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      users[match[1]!] = JSON.parse(body) as TestUser;
      res.writeHead(204).end();
    });
  });
  return {
    issuer,
    users,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Playwright's web server: OIDC_PORT, OIDC_REDIRECT_URIS (comma-separated) and OIDC_CLAIMS_IN from the environment.
if (process.argv[1]?.endsWith("oidc-provider.ts")) {
  const running = await startOidcProvider({ port: Number(process.env.OIDC_PORT), redirectUris: (process.env.OIDC_REDIRECT_URIS ?? "").split(",") });
  console.info(`[oidc-provider] ready at ${running.issuer}`);
}
