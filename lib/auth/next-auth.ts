import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import type { Profile } from "next-auth";
import { signInWithSso } from "@/lib/domain/sso";
import { ssoClaimsOf } from "./sso-claims";
import { readSsoSettings, type SsoSettings } from "./sso-settings";
import { getDb } from "@/db/client";
import { findSignedInAdministrator } from "@/db/queries/sessions";
import { endSession, startSession } from "@/lib/domain/sessions";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { clientAddress as currentClientAddress } from "@/lib/request";
import { checkCredentials, SIGN_IN_DISABLED, SIGN_IN_RATE_LIMITED, SIGN_IN_SSO_ONLY } from "./credentials";
import { resolveAuthSecret } from "./secret";
import { SESSION_MAX_AGE_S, sessionIdOf } from "./session-token";

declare module "next-auth" {
  interface User {
    /** Set by authorize() on sign-in: the token of the session it recorded. */
    sessionToken?: string;
  }
  interface Session {
    /** Only on in-process reads (auth()), for lib/auth/current.ts; never in /api/auth/session's answer. */
    sessionToken?: string;
  }
}
declare module "@auth/core/jwt" {
  interface JWT {
    /** The session's token (db/schema.ts `sessions`); the JWT is encrypted, so it stays secret. */
    sid?: string;
  }
}

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

class TooManySignIns extends CredentialsSignin {
  code = SIGN_IN_RATE_LIMITED;
}

class DisabledPerson extends CredentialsSignin {
  code = SIGN_IN_DISABLED;
}

class SsoOnlyPerson extends CredentialsSignin {
  code = SIGN_IN_SSO_ONLY;
}

const REFUSALS = { [SIGN_IN_RATE_LIMITED]: TooManySignIns, [SIGN_IN_DISABLED]: DisabledPerson, [SIGN_IN_SSO_ONLY]: SsoOnlyPerson, invalid_credentials: InvalidCredentials };

const clientAddressOf = (request: Request) => request.headers.get(CLIENT_ADDRESS_HEADER)?.trim().slice(0, 100) || null;

// Lazy configuration: the secret is resolved (and generated if needed) on the first request,
// not when `next build` evaluates this module. next-auth builds it with the request for its route
// handlers (/api/auth/*) and without one for the in-process calls auth(), signIn() and signOut()
// (node_modules/next-auth/index.js); `inProcess` tells the callbacks which.
export const { handlers, auth, signIn, signOut } = NextAuth((request) => authConfig(request === undefined, request));

function authConfig(inProcess: boolean, request: Request | undefined): NextAuthConfig {
  const sso = readSsoSettings();
  return {
    secret: resolveAuthSecret(),
    trustHost: true,
    // The JWT's (and cookie's) expiry is renewed on use; the session's row caps it at sign-in + 12 h.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login", error: "/login" },
    // One line per problem, no stack traces; a wrong password is an expected event, not an error.
    logger: {
      error(error) {
        if (error.name === "CredentialsSignin" || error instanceof CredentialsSignin) {
          const code = (error as CredentialsSignin).code;
          if (code === SIGN_IN_DISABLED) return void console.warn("[auth] sign-in refused: the person is disabled");
          if (code === SIGN_IN_SSO_ONLY) return void console.warn("[auth] sign-in refused: the person signs in only with single sign-on");
          const limited = code === SIGN_IN_RATE_LIMITED;
          console.warn(`[auth] sign-in refused: ${limited ? "too many failed attempts for this email and address" : "wrong email or password"}`);
          return;
        }
        // Auth.js's own type (minified class names say nothing) and what caused it, e.g. the identity
        // provider's refusal; never a token (those are not in these messages).
        const type = (error as { type?: string }).type ?? error.name;
        const cause = (error as { cause?: { err?: unknown } }).cause?.err;
        const reason = cause instanceof Error ? `: ${cause.message.replace(/\s+/g, " ").slice(0, 300)}` : "";
        console.error(`[auth] ${type}${reason}`);
      },
      warn(code) {
        console.warn(`[auth] warning: ${code}`);
      },
      debug() {},
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        // Auth.js hands over the request's headers, including the client address server.ts set.
        async authorize(raw, request) {
          const clientAddress = clientAddressOf(request);
          const result = await checkCredentials(raw, clientAddress);
          if (!result.ok) throw new REFUSALS[result.code]();
          const sessionToken = await startSession({ administratorId: result.user.id, clientAddress });
          return { ...result.user, sessionToken };
        },
      }),
      ...(sso ? [oidcProvider(sso)] : []),
    ],
    callbacks: {
      /**
       * Single sign-on: Auth.js has checked the provider's answer (PKCE, state, nonce, the ID
       * token's signature, issuer and audience); lib/domain/sso.ts decides who that is and starts
       * the session. A refusal goes back to /login with its reason.
       */
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const claims = sso && profile && account ? await ssoClaimsOf(profile, account, sso) : null;
        if (!sso || !claims) return `/login?error=${encodeURIComponent("sso_unavailable")}`;
        const result = await signInWithSso(claims, {
          newPeople: sso.newPeople,
          clientAddress: request ? clientAddressOf(request) : null,
        });
        if (!result.ok) return `/login?error=${encodeURIComponent(`sso_${result.reason}`)}`;
        user.id = result.person.id;
        user.email = result.person.email;
        user.name = result.person.name;
        user.sessionToken = result.sessionToken;
        return true;
      },
      /**
       * Returning null makes Auth.js answer "no session" and clear the cookie instead of renewing it
       * (@auth/core lib/actions/session.js), so an ended or expired session is never extended.
       */
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sid = user.sessionToken;
          return token;
        }
        if (typeof token.sid !== "string") return null; // no recorded session behind it
        // In-process, getCurrentAdministrator (lib/auth/session.ts) checks the session in the same
        // query that reads the administrator; over HTTP (GET /api/auth/session) it is checked here.
        if (inProcess) return token;
        return (await findSignedInAdministrator(getDb(), sessionIdOf(token.sid))) ? token : null;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        if (inProcess && token.sid) session.sessionToken = token.sid;
        return session;
      },
    },
    events: {
      // Both the dashboard's Sign out (signOut() in lib/actions/auth.ts) and POST /api/auth/signout
      // come here with the decoded JWT. Auth.js logs a failure and clears the cookie regardless.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (typeof token?.sid === "string") await endSession(token.sid, "sign_out", await requestClientAddress());
      },
    },
  };
}

/** The provider id is fixed, so the redirect URI to register is `<AUTH_URL>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";

function oidcProvider(sso: SsoSettings): OIDCConfig<Profile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: sso.name,
    type: "oidc",
    issuer: sso.issuer,
    clientId: sso.clientId,
    clientSecret: sso.clientSecret,
    authorization: { params: { scope: sso.scopes } },
    checks: ["pkce", "state", "nonce"],
    // Only the subject here; who it is is decided in the signIn callback.
    profile: (profile) => ({ id: String(profile.sub ?? "") }),
  };
}

/** The client address of the request being handled, for the sign-out's audit event; null outside one. */
async function requestClientAddress(): Promise<string | null> {
  try {
    return await currentClientAddress();
  } catch {
    return null;
  }
}
