/**
 * Query parameters of a SCIM list request (RFC 7644 §3.4.2): filter, startIndex, count,
 * attributes, excludedAttributes, sortBy, sortOrder. Parameter names are matched
 * case-insensitively. startIndex is 1-based (below 1 → 1, §3.4.2.4); count below 0 → 0 and
 * above SCIM_MAX_RESULTS is clamped to it (§3.4.2.4 lets the service return fewer than asked);
 * no count → SCIM_MAX_RESULTS. A non-integer startIndex/count or an unknown sortOrder → 400
 * invalidValue; a bad filter → 400 invalidFilter.
 */
import { SCIM_MAX_RESULTS } from "./scim-constants";
import { ScimError } from "./scim-errors";
import { parseScimFilter, type TScimFilter } from "./parse-scim-filter";

export type TScimListParams = {
  filter?: TScimFilter;
  /** 1-based index of the first result, as echoed in the ListResponse. */
  startIndex: number;
  count: number;
  /** Prisma-ready paging: skip = startIndex - 1, take = count. */
  skip: number;
  take: number;
  attributes: string[];
  excludedAttributes: string[];
  sortBy?: string;
  sortOrder?: "ascending" | "descending";
};

type TParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function readParam(params: TParamSource, name: string): string | undefined {
  const lower = name.toLowerCase();
  const entries: Array<[string, unknown]> = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const hit = entries.find(([key]) => key.toLowerCase() === lower);
  if (!hit) return undefined;
  const value = Array.isArray(hit[1]) ? hit[1][0] : hit[1];
  return typeof value === "string" ? value : undefined;
}

function readInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw new ScimError(400, "invalidValue", `${name} must be an integer`);
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : raw.trim().startsWith("-") ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
}

function readList(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

export function parseListParams(options: { params: TParamSource; maxResults?: number }): TScimListParams {
  const { params } = options;
  const maxResults = options.maxResults ?? SCIM_MAX_RESULTS;
  const startIndex = Math.max(1, readInteger(readParam(params, "startIndex"), "startIndex") ?? 1);
  const requested = readInteger(readParam(params, "count"), "count");
  const count = requested === undefined ? maxResults : Math.min(Math.max(0, requested), maxResults);
  const filterRaw = readParam(params, "filter");
  const sortBy = readParam(params, "sortBy")?.trim() || undefined;
  const sortOrderRaw = readParam(params, "sortOrder")?.trim().toLowerCase();
  if (sortOrderRaw && sortOrderRaw !== "ascending" && sortOrderRaw !== "descending") {
    throw new ScimError(400, "invalidValue", "sortOrder must be ascending or descending");
  }
  const result: TScimListParams = {
    startIndex,
    count,
    skip: startIndex - 1,
    take: count,
    attributes: readList(readParam(params, "attributes")),
    excludedAttributes: readList(readParam(params, "excludedAttributes")),
  };
  if (filterRaw !== undefined && filterRaw.trim() !== "") result.filter = parseScimFilter({ filter: filterRaw });
  if (sortBy) {
    result.sortBy = sortBy;
    result.sortOrder = (sortOrderRaw as "ascending" | "descending" | undefined) ?? "ascending";
  }
  return result;
}
