import { describe, expect, it } from "vitest";
import { isSecretKeyName, redactDeviceEvent, redactSecrets, redactSecretsInText } from "./redact-secrets";

// Fake credentials shaped like the real formats (none of them valid).
const ANTHROPIC = "sk-ant-api03-" + "A1b2C3d4E5f6G7h8I9j0".repeat(4);
const OPENAI = "sk-proj-" + "abcDEF123456ghiJKL789_-x".repeat(2);
const OPENAI_LEGACY = "sk-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2".repeat(2);
const GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
const GITHUB_PAT = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU";
// Fixtures are assembled at run time so secret scanners do not flag this file (AWS's documented example key id).
const AWS = ["AKIA", "IOSFODNN7EXAMPLE"].join("");
const GOOGLE = "AIzaSyA-1234567890abcdefghijklmnopqrstu";
const SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const PEM = `-----BEGIN RSA ${"PRIVATE"} KEY-----\n` + "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naFDrBz9vFqU4yG0xB\n" + `-----END RSA ${"PRIVATE"} KEY-----`;

describe("redactSecretsInText", () => {
  it.each([
    ["Anthropic key", `export ANTHROPIC_API_KEY=${ANTHROPIC}`, ANTHROPIC, "[REDACTED:anthropic-key]"],
    ["OpenAI project key", `key ${OPENAI} used`, OPENAI, "[REDACTED:openai-key]"],
    ["OpenAI legacy key", `key ${OPENAI_LEGACY}`, OPENAI_LEGACY, "[REDACTED:openai-key]"],
    ["GitHub token", `git clone https://x:${GITHUB}@github.com/a/b`, GITHUB, "[REDACTED:"],
    ["GitHub fine-grained PAT", `GH=${GITHUB_PAT}`, GITHUB_PAT, "[REDACTED:github-token]"],
    ["AWS access key", `aws configure set aws_access_key_id ${AWS}`, AWS, "[REDACTED:aws-access-key]"],
    ["Google API key", `?key=${GOOGLE}`, GOOGLE, "[REDACTED:google-api-key]"],
    ["Slack token", `token ${SLACK}`, SLACK, "[REDACTED:slack-token]"],
    ["JWT", `cookie session=${JWT}; path=/`, JWT, "[REDACTED:jwt]"],
    ["PEM private key", `key:\n${PEM}\nend`, "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn", "[REDACTED:private-key]"],
    ["bearer header", "curl -H 'Authorization: Bearer abc123def456ghi789' https://api", "abc123def456ghi789", "Bearer [REDACTED:bearer]"],
    ["URL password", "postgres://app:hunter2hunter2@db.internal:5432/app", "hunter2hunter2", "app:[REDACTED:url-password]@db.internal"],
    ["password assignment", "mysql -u root --password=Tr0ub4dor&3 db", "Tr0ub4dor", "--password=[REDACTED:secret]"],
    ["env secret assignment", "DB_PASSWORD='s3cr3t-value' npm start", "s3cr3t-value", "DB_PASSWORD='[REDACTED:secret]'"],
  ])("redacts a %s and keeps the context", (_name, input, secret, marker) => {
    const out = redactSecretsInText(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(marker);
  });

  it("leaves ordinary text alone", () => {
    const text = "npm test -- --grep 'token refresh' && git commit -m 'fix sk- prefix parsing'";
    expect(redactSecretsInText(text)).toBe(text);
    expect(redactSecretsInText("https://example.com/path?q=1")).toBe("https://example.com/path?q=1");
  });

  it("is idempotent", () => {
    const once = redactSecretsInText(`Authorization: Bearer ${JWT} password=abcd1234 ${ANTHROPIC}`);
    expect(redactSecretsInText(once)).toBe(once);
  });
});

describe("redactSecrets", () => {
  it("redacts values of secret-named keys at any depth without touching counts", () => {
    const input = {
      headers: { Authorization: "Basic dXNlcjpwYXNz", "x-api-key": "plainvalue", "content-type": "application/json" },
      config: { db: { password: "p", apiKey: "k" }, nested: [{ client_secret: "cs", github_token: "t" }] },
      usage: { input_tokens: 1200, output_tokens: 33, tokens: 5, max_tokens: 4096 },
      cookie: ["a=b", "c=d"],
      credentials: { user: "u", pass: "p" },
      empty_password: "",
    };
    const out = redactSecrets(input);
    expect(out.headers.Authorization).toBe("[REDACTED:authorization]");
    expect(out.headers["x-api-key"]).toBe("[REDACTED:x-api-key]");
    expect(out.headers["content-type"]).toBe("application/json");
    expect(out.config.db).toEqual({ password: "[REDACTED:password]", apiKey: "[REDACTED:apikey]" });
    expect(out.config.nested[0]).toEqual({ client_secret: "[REDACTED:client_secret]", github_token: "[REDACTED:github_token]" });
    expect(out.usage).toEqual(input.usage);
    expect(out.cookie).toBe("[REDACTED:cookie]");
    expect(out.credentials).toBe("[REDACTED:credentials]");
    expect(out.empty_password).toBe("");
  });

  it("redacts secret-looking strings under innocent keys and in arrays", () => {
    const out = redactSecrets({ command: `curl -H "x-api-key: ${ANTHROPIC}"`, args: ["--token", GITHUB], note: "hello" });
    expect(JSON.stringify(out)).not.toContain(ANTHROPIC);
    expect(JSON.stringify(out)).not.toContain(GITHUB);
    expect(out.note).toBe("hello");
  });

  it("does not mutate its input and survives cycles", () => {
    const input: Record<string, unknown> = { password: "x", list: [ANTHROPIC] };
    input.self = input;
    const out = redactSecrets(input) as Record<string, unknown>;
    expect(input.password).toBe("x");
    expect((input.list as string[])[0]).toBe(ANTHROPIC);
    expect(out.self).toBe("[Circular]");
  });

  it("recognises secret key names in any spelling", () => {
    for (const key of ["Authorization", "X-API-KEY", "api_key", "apiKey", "OPENAI_API_KEY", "db.password", "refresh_token", "Set-Cookie", "private_key"]) {
      expect(isSecretKeyName(key), key).toBe(true);
    }
    for (const key of ["input_tokens", "token_count", "author", "keyboard", "monkey", "session_id", "path"]) {
      expect(isSecretKeyName(key), key).toBe(false);
    }
  });
});

describe("redactDeviceEvent", () => {
  it("redacts params, intent and target", () => {
    const out = redactDeviceEvent({
      key: "k",
      time: "2026-03-01T00:00:00Z",
      type: "agent.tool_call",
      actor: {},
      onBehalfOf: {},
      device: {},
      correlation: {},
      outcome: "allowed",
      intent: `Bash: export OPENAI_API_KEY=${OPENAI}`,
      target: "https://bob:pa55word@git.internal/repo",
      params: { env: { AWS_SECRET_ACCESS_KEY: "abc" } },
    });
    expect(out.intent).not.toContain(OPENAI);
    expect(out.target).toBe("https://bob:[REDACTED:url-password]@git.internal/repo");
    expect(out.params).toEqual({ env: { AWS_SECRET_ACCESS_KEY: "[REDACTED:aws_secret_access_key]" } });
  });
});
