/**
 * The SCIM endpoint a request path names (RFC 7644 §3.2), from the segments after `/scim/v2`
 * (the `[...path]` of the route). Resource endpoint names are matched case-insensitively.
 */
import { ScimError } from "./scim-errors";

export type TScimEndpoint =
  | { endpoint: "Users" | "Groups"; id?: string }
  | { endpoint: "Schemas" | "ResourceTypes"; id?: string }
  | { endpoint: "ServiceProviderConfig" };

const ENDPOINTS = ["Users", "Groups", "Schemas", "ResourceTypes", "ServiceProviderConfig"] as const;

export function resolveScimEndpoint(options: { segments: readonly string[] }): TScimEndpoint {
  const segments = options.segments.filter((s) => s !== "");
  const name = ENDPOINTS.find((e) => e.toLowerCase() === segments[0]?.toLowerCase());
  const notFound = () => new ScimError(404, undefined, `No SCIM endpoint at /${segments.join("/")}`);
  if (!name) throw notFound();
  if (name === "ServiceProviderConfig") {
    if (segments.length > 1) throw notFound();
    return { endpoint: name };
  }
  if (segments.length > 2) throw notFound();
  return segments.length === 2 ? { endpoint: name, id: decodeSegment(segments[1]!) } : { endpoint: name };
}

/** A percent-encoded path segment; a malformed escape (`%E0%A4%A`) is a client error, not a crash. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ScimError(400, "invalidValue", "The resource id in the path is not valid percent-encoding");
  }
}
