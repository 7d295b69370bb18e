import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { findCredentialsByEmail } from "@/db/queries/administrators";
import { signInSchema } from "@/lib/validations/auth";
import { verifyPassword } from "./password";
import { resolveAuthSecret } from "./secret";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
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
        console.warn("[auth] sign-in refused: wrong email or password");
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
      async authorize(raw) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const admin = await findCredentialsByEmail(getDb(), parsed.data.email);
        const ok = await verifyPassword(admin?.passwordHash ?? null, parsed.data.password);
        if (!admin || !ok) throw new InvalidCredentials();
        return { id: admin.id, email: admin.email, name: admin.name };
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
