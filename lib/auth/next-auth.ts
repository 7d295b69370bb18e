import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { checkCredentials, SIGN_IN_RATE_LIMITED } from "./credentials";
import { resolveAuthSecret } from "./secret";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

class TooManySignIns extends CredentialsSignin {
  code = SIGN_IN_RATE_LIMITED;
}

const SESSION_MAX_AGE_S = 12 * 60 * 60;

// Lazy configuration: the secret is resolved (and generated if needed) on the first request,
// not when `next build` evaluates this module.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login", error: "/login" },
  // One line per problem, no stack traces; a wrong password is an expected event, not an error.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || error instanceof CredentialsSignin) {
        const limited = (error as CredentialsSignin).code === SIGN_IN_RATE_LIMITED;
        console.warn(`[auth] sign-in refused: ${limited ? "too many failed attempts for this email and address" : "wrong email or password"}`);
        return;
      }
      console.error(`[auth] ${error.name}: ${error.message}`);
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
        const result = await checkCredentials(raw, request.headers.get(CLIENT_ADDRESS_HEADER));
        if (result.ok) return result.user;
        throw result.code === SIGN_IN_RATE_LIMITED ? new TooManySignIns() : new InvalidCredentials();
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
