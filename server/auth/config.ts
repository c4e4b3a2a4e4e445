/**
 * Auth.js v5. Two ways in:
 *  - a generic OIDC provider configured by env (Okta, Microsoft Entra ID, any OIDC IdP);
 *  - email + password (scrypt), for the demo and installs without SSO. Auth.js does not create
 *    database sessions for its Credentials provider, so password sign-in verifies the password in
 *    server/modules/tenants/sign-in-with-password.ts and creates the same database session row the
 *    OIDC flow creates (server/auth/session.ts). Either way, sessions live in the database.
 */
import NextAuth, { type NextAuthConfig } from "next-auth";
import { authAdapter } from "@/server/db/auth-adapter";
import { env, oidcConfigured } from "@/server/env";
import { SESSION_MAX_AGE_SECONDS } from "@/server/db/accounts";
import { recordSignInEvents } from "@/server/modules/tenants/record-sign-in-events";

function config(): NextAuthConfig {
  const e = env();
  const providers: NextAuthConfig["providers"] = [];
  if (oidcConfigured()) {
    providers.push({
      id: "oidc",
      name: e.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_CLIENT_ID,
      clientSecret: e.AUTH_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      // Entra ID puts the sign-in address in `preferred_username` (or `upn`) unless the optional
      // `email` claim is configured; Okta sends `email`. Accept either, lower-cased.
      profile(claims) {
        const email = [claims.email, claims.preferred_username, claims.upn].find((v): v is string => typeof v === "string" && v.includes("@"));
        if (!email) throw new Error("The identity provider sent no email address (claims email, preferred_username or upn)");
        return { id: String(claims.sub), email: email.toLowerCase(), name: (claims.name as string | undefined) ?? null, image: null };
      },
      // The IdP is the company's own directory: an invited address signing in with SSO is the same person.
      allowDangerousEmailAccountLinking: true,
    });
  }
  return {
    adapter: authAdapter(),
    providers,
    secret: e.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    useSecureCookies: e.MARSHAL_PUBLIC_URL.startsWith("https://"),
    events: {
      async signIn({ user, account }) {
        if (account?.provider === "oidc" && user.id && user.email) {
          await recordSignInEvents({ userId: user.id, email: user.email, outcome: "success", method: "oidc", client: "sso" });
        }
      },
    },
    callbacks: {
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
