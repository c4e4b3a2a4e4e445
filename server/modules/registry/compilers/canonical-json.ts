/**
 * Deterministic serialisation: object keys sorted (recursively), arrays kept in order,
 * two-space indent, one trailing newline. Same value in, same bytes out, so hashes are stable.
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item)) as T;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeysDeep(v)])) as T;
  }
  return value;
}

export function stringifyCanonicalJson({ value }: { value: unknown }): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}

/** Sorted, de-duplicated copy (code-unit order, independent of locale). */
export function sortedUnique({ items }: { items: readonly string[] }): string[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `undefined` for an empty object or array, so optional blocks are left out instead of written empty. */
export function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length === 0 ? undefined : value;
}
