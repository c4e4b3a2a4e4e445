/**
 * A stand-in corporate identity provider for the SSO journey: the certified `oidc-provider`
 * (the OpenID Connect protocol as Okta and Entra ID speak it) on loopback, with one registered
 * web client — Marshal — and a login form that signs in whoever is named.
 */
import Provider from "oidc-provider";

const port = Number(process.env.E2E_IDP_PORT ?? 3211);
const consoleUrl = process.env.E2E_CONSOLE_URL ?? "http://localhost:3210";
const issuer = `http://localhost:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "marshal-e2e",
      client_secret: "marshal-e2e-client-secret",
      redirect_uris: [`${consoleUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  scopes: ["openid", "email", "profile"],
  features: { devInteractions: { enabled: true } },
  // Put the requested claims (email) in the ID token, as Okta and Entra ID do.
  conformIdTokenClaims: false,
  pkce: { required: () => false },
  cookies: { keys: ["e2e-cookie-key-not-secret"] },
  async findAccount(_ctx, id) {
    // The login form's "login" is the person's email address.
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: id.split("@")[0] };
      },
    };
  },
});
provider.proxy = true;
const server = provider.listen(port, "127.0.0.1", () => {
  process.stdout.write(`stand-in IdP listening on ${issuer}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
