/**
 * The shared redactor. Everything that stores, logs or exports agent parameters runs them
 * through `redactSecrets` first. It never mutates its input.
 *
 * Two rules:
 * 1. Values under secret-named keys (authorization, api_key, password, token, cookie, ...)
 *    are replaced whole when they are strings, arrays or objects. Numbers and booleans stay
 *    (`input_tokens: 1200` is a count, not a secret).
 * 2. Secret-looking substrings anywhere are replaced by `[REDACTED:<kind>]`, keeping the
 *    surrounding text so an analyst still sees what happened.
 */
import type { TDeviceEventInput } from "./events";

export const REDACTED_PREFIX = "[REDACTED";

export function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

const EXACT_SECRET_KEYS = new Set([
  "authorization",
  "proxyauthorization",
  "apikey",
  "xapikey",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "secret",
  "token",
  "cookie",
  "setcookie",
  "credentials",
  "credential",
  "privatekey",
  "clientsecret",
  "sessiontoken",
  "xamzsecuritytoken",
  "xgoogapikey",
  "otp",
  "pin",
]);

const SECRET_KEY_SUFFIXES = ["password", "passwd", "secret", "apikey", "token", "accesskey", "secretkey", "privatekey", "credential", "credentials", "cookie", "authorization"];

const keyVerdicts = new Map<string, boolean>();

/** Normalise `X-Api-Key`, `api_key`, `apiKey` alike. (Verdicts are cached: the same key names recur in every event.) */
export function isSecretKeyName(key: string): boolean {
  const cached = keyVerdicts.get(key);
  if (cached !== undefined) return cached;
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  const verdict = EXACT_SECRET_KEYS.has(normalized) || SECRET_KEY_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
  if (keyVerdicts.size >= 10_000) keyVerdicts.clear();
  keyVerdicts.set(key, verdict);
  return verdict;
}

type TPattern = { kind: string; regex: RegExp; replace: (match: string, ...groups: string[]) => string };

const whole = (kind: string) => () => redactionMarker(kind);
const NOT_ALREADY = "(?!\\[REDACTED)";

// Order matters: specific vendor formats before generic ones (sk-ant- before sk-).
const PATTERNS: TPattern[] = [
  {
    kind: "private-key",
    regex: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/g,
    replace: whole("private-key"),
  },
  { kind: "anthropic-key", regex: /\bsk-ant-[A-Za-z0-9_-]{16,}/g, replace: whole("anthropic-key") },
  { kind: "openai-key", regex: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g, replace: whole("openai-key") },
  { kind: "github-token", regex: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g, replace: whole("github-token") },
  { kind: "github-token", regex: /\bgithub_pat_[A-Za-z0-9_]{22,}/g, replace: whole("github-token") },
  { kind: "aws-access-key", regex: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, replace: whole("aws-access-key") },
  { kind: "google-api-key", regex: /\bAIza[0-9A-Za-z_-]{35}/g, replace: whole("google-api-key") },
  { kind: "slack-token", regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: whole("slack-token") },
  { kind: "jwt", regex: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: whole("jwt") },
  {
    kind: "bearer",
    regex: new RegExp(`\\b(Bearer|Basic|Token|Splunk)(\\s+)${NOT_ALREADY}([A-Za-z0-9._~+/=-]{8,})`, "gi"),
    replace: (_match, scheme, space) => `${scheme}${space}${redactionMarker("bearer")}`,
  },
  {
    kind: "url-password",
    regex: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]+):([^\s@/]+)@/gi,
    replace: (match, scheme, user, password) =>
      password.startsWith(REDACTED_PREFIX) ? match : `${scheme}${user}:${redactionMarker("url-password")}@`,
  },
  {
    // KEY=value / key: value assignments in commands, env dumps and config snippets.
    kind: "assignment",
    regex: new RegExp(
      `(?<![A-Za-z0-9])((?:[A-Za-z0-9]+[_-])*(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?key|token|client[_-]?secret))(\\s*[=:]\\s*)(["']?)${NOT_ALREADY}([^\\s"'&;,]{4,})\\3`,
      "gi",
    ),
    replace: (_match, name, separator, quote) => `${name}${separator}${quote}${redactionMarker("secret")}${quote}`,
  },
];

/**
 * One case-insensitive scan that every pattern above needs to match first (a literal each of them contains:
 * -----BEGIN, sk-, gh?_, github_pat_, AKIA/ASIA/ABIA/ACCA, AIza, xox?-, eyJ, the auth schemes, ://, and the
 * assignment names). Text without any of them cannot contain a match, so most strings skip the 12 patterns.
 * Keep it in step with PATTERNS.
 */
const MAYBE_SECRET = /-----BEGIN|sk-|gh[pousr]_|github_pat_|A[KSB]IA|ACCA|AIza|xox[abposr]-|eyJ|bearer|basic|token|splunk|:\/\/|passw|pwd|secret|api[_-]?key|access[_-]?key/i;

/** Redact secret-looking substrings in one string. */
export function redactSecretsInText(value: string): string {
  if (!MAYBE_SECRET.test(value)) return value;
  let out = value;
  for (const pattern of PATTERNS) {
    out = out.replace(pattern.regex, pattern.replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}

const MAX_DEPTH = 64;

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactSecretsInText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return redactionMarker("too-deep");
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (isSecretKeyName(key) && item !== null && (typeof item === "string" || typeof item === "object")) {
        out[key] = typeof item === "string" && item.length === 0 ? item : redactionMarker(key.toLowerCase());
      } else {
        out[key] = walk(item, depth + 1, seen);
      }
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** Deep-walk any JSON-like value and return a redacted copy. */
export function redactSecrets<T>(value: T): T {
  return walk(value, 0, new WeakSet()) as T;
}

/** Redact the free-text parts of an event (params, intent, target) before it is stored. */
export function redactDeviceEvent(event: TDeviceEventInput): TDeviceEventInput {
  return {
    ...event,
    ...(event.params ? { params: redactSecrets(event.params) } : {}),
    ...(event.intent ? { intent: redactSecretsInText(event.intent) } : {}),
    ...(event.target ? { target: redactSecretsInText(event.target) } : {}),
  };
}
