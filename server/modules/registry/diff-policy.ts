/** The changes between two policy values as leaf paths (`permissions.deny`, `telemetry.enabled`), for a revision's diff. */
export type TPolicyChange = { path: string; before: unknown; after: unknown };

export function diffPolicy({ before, after }: { before: unknown; after: unknown }): TPolicyChange[] {
  const changes: TPolicyChange[] = [];
  walk({ before, after, path: "", changes });
  return changes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function walk({ before, after, path, changes }: { before: unknown; after: unknown; path: string; changes: TPolicyChange[] }) {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk({ before: before[key], after: after[key], path: path ? `${path}.${key}` : key, changes });
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ path: path || "(policy)", before: before ?? null, after: after ?? null });
}
