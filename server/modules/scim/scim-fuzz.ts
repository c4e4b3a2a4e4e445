/** Seeded random inputs for the SCIM parser fuzz tests (deterministic, so failures reproduce). */

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILTER_PIECES = [
  "userName", "emails", "members", "[", "]", "].", "(", ")", " ", " eq ", " ne ", " co ", " sw ", " pr", " gt ", " and ", " or ",
  "not ", '"', '"x"', '"\\"', "\\", "true", "null", "12", "-1.5e3", "value", "type", ".", ":", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:",
  "meta.created", '"2026-01-01T00:00:00Z"', "\n", "é", "$ref", "%", "/", "'", ",",
];

export function randomFilterText(random: () => number): string {
  const n = 1 + Math.floor(random() * 12);
  let out = "";
  for (let i = 0; i < n; i++) {
    out += random() < 0.8 ? FILTER_PIECES[Math.floor(random() * FILTER_PIECES.length)] : String.fromCharCode(Math.floor(random() * 0x2ff));
  }
  return out;
}

const KEYS = ["schemas", "userName", "UserName", "active", "name", "emails", "members", "displayName", "value", "op", "path", "Operations", "type", "primary", "manager", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "id", "meta", "externalId", "givenName", "foo"];
const STRINGS = ["", "x", "True", "False", "add", "Replace", "remove", "move", "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:api:messages:2.0:PatchOp", "urn:ietf:params:scim:schemas:core:2.0:Group", 'emails[type eq "work"].value', 'members[value eq "p-2"]', "name.givenName", "active", "emails[", "userName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "members", "title"];

export function randomJson(random: () => number, depth = 0): unknown {
  const r = random();
  if (depth > 3 || r < 0.3) {
    const leaf = random();
    if (leaf < 0.45) return STRINGS[Math.floor(random() * STRINGS.length)];
    if (leaf < 0.6) return random() < 0.5;
    if (leaf < 0.7) return null;
    if (leaf < 0.8) return Math.floor(random() * 1000) - 500;
    return undefined;
  }
  if (r < 0.55) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 5); i > 0; i--) object[KEYS[Math.floor(random() * KEYS.length)]] = randomJson(random, depth + 1);
  return object;
}
