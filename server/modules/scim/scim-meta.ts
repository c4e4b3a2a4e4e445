/** `meta` helpers (RFC 7643 §3.1) and the ETag form of a version (RFC 7644 §3.14). */

/** Weak ETag of a record version: `W/"3"`. Used as meta.version and the ETag header. */
export function formatScimVersion(version: number): string {
  return `W/"${version}"`;
}

/**
 * True when an If-Match header (RFC 7232 §3.1, used by SCIM per RFC 7644 §3.14) allows a write
 * to a record at `version`: no header, `*`, or a list containing this version's ETag (weak or
 * strong form).
 */
export function ifMatchAllows(options: { ifMatch: string | null | undefined; version: number }): boolean {
  const header = options.ifMatch?.trim();
  if (!header || header === "*") return true;
  const wanted = `"${options.version}"`;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === wanted);
}

export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

export function scimLocation(options: { baseUrl: string; endpoint: "Users" | "Groups"; id: string }): string {
  return `${trimBaseUrl(options.baseUrl)}/${options.endpoint}/${encodeURIComponent(options.id)}`;
}
