import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { buildEnrollCommand } from "./build-enroll-command";
import { enrollmentTokenStatus } from "./enrollment-token-status";
import { renderEnrollScript } from "./render-enroll-script";

describe("enrollment tokens", () => {
  const base = { revokedAt: null, expiresAt: new Date("2030-01-01T00:00:00Z"), uses: 0, maxUses: 2 };
  const now = new Date("2029-01-01T00:00:00Z");
  it("says why a token cannot be used", () => {
    expect(enrollmentTokenStatus({ token: base, now })).toBe("active");
    expect(enrollmentTokenStatus({ token: { ...base, revokedAt: now }, now })).toBe("revoked");
    expect(enrollmentTokenStatus({ token: { ...base, expiresAt: now }, now })).toBe("expired");
    expect(enrollmentTokenStatus({ token: { ...base, uses: 2 }, now })).toBe("exhausted");
  });

  it("builds the one-line command from the public URL", () => {
    expect(buildEnrollCommand({ publicUrl: "https://marshal.example.com/", token: "met_abc" })).toBe("curl -fsSL https://marshal.example.com/enroll.sh | sh -s -- met_abc");
  });
});

describe("renderEnrollScript", () => {
  const sha = "0".repeat(64);
  it("is valid POSIX sh with the URL and hash baked in", () => {
    const script = renderEnrollScript({ serverUrl: "https://marshal.example.com", sha256: sha, enrollerBytes: 10 });
    expect(script).toContain("MARSHAL_URL='https://marshal.example.com'");
    expect(script).toContain(`EXPECTED_SHA256='${sha}'`);
    execFileSync("sh", ["-n"], { input: script });
  });

  it("refuses a URL that could break out of the script's quoting", () => {
    expect(() => renderEnrollScript({ serverUrl: "https://x.example/'; rm -rf ~; '", sha256: sha, enrollerBytes: 1 })).toThrow(/cannot be written/);
    expect(() => renderEnrollScript({ serverUrl: "https://x.example/$(id)", sha256: sha, enrollerBytes: 1 })).not.toThrow();
    expect(() => renderEnrollScript({ serverUrl: "https://x.example", sha256: "nope", enrollerBytes: 1 })).toThrow();
  });
});
