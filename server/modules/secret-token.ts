/** Random bearer secrets with a readable kind prefix; only their sha256 is stored. */
import { createHash, randomBytes } from "node:crypto";

export function newSecretToken(kind: string): { token: string; hash: string; prefix: string } {
  const token = `${kind}_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashSecretToken(token), prefix: token.slice(0, kind.length + 7) };
}

export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
