/**
 * Human labels for the kill switch's scope picker: each row the routers return (identities.list,
 * directory.people, devices.list, registry.products) becomes { id, label, detail }; the id is what the
 * revocation API receives, the label is what the admin reads.
 */
export type TScopeOption = { id: string; label: string; detail?: string };

export type TIdentityRowLike = { id: string; productSlug: string; hostname: string; personName: string | null; status: string; policyClass?: string };
export type TPersonRowLike = { id: string; userName: string; name: string | null; active: boolean; department?: string | null; devices?: number; agentsActive?: number };
export type TDeviceRowLike = { id: string; hostname: string; os: string; ring: string; username?: string | null; owner?: { userName: string; displayName: string | null } | null; agentCount?: number };
export type TProductRowLike = { productSlug: string; displayName: string; vendor?: string | null; devices?: number; installations?: number };

/** productSlug → display name ("claude-code" → "Claude Code"), falling back to the slug. */
export function productName({ productSlug, names }: { productSlug: string; names: ReadonlyMap<string, string> }): string {
  return names.get(productSlug) ?? productSlug;
}

/** "Claude Code on ada-mbp for Ada Lovelace". */
export function identityOption({ row, names }: { row: TIdentityRowLike; names: ReadonlyMap<string, string> }): TScopeOption {
  const owner = row.personName ? ` for ${row.personName}` : "";
  return { id: row.id, label: `${productName({ productSlug: row.productSlug, names })} on ${row.hostname}${owner}`, detail: [row.status, row.policyClass].filter(Boolean).join(" · ") };
}

/** "Ada Lovelace (ada@example.com)"; the user name alone when there is no display name. */
export function personOption({ row }: { row: TPersonRowLike }): TScopeOption {
  const label = row.name && row.name !== row.userName ? `${row.name} (${row.userName})` : row.userName;
  const bits = [row.active ? null : "inactive", row.department ?? null, row.devices !== undefined ? `${row.devices} device${row.devices === 1 ? "" : "s"}` : null, row.agentsActive !== undefined ? `${row.agentsActive} active agent${row.agentsActive === 1 ? "" : "s"}` : null];
  return { id: row.id, label, detail: bits.filter(Boolean).join(" · ") };
}

/** "ada-mbp (darwin, dev)" with the owner (or local user) as detail. */
export function deviceOption({ row }: { row: TDeviceRowLike }): TScopeOption {
  const who = row.owner ? (row.owner.displayName ?? row.owner.userName) : row.username ? `user ${row.username}` : null;
  const agents = row.agentCount !== undefined ? `${row.agentCount} agent${row.agentCount === 1 ? "" : "s"}` : null;
  return { id: row.id, label: `${row.hostname} (${row.os}, ${row.ring})`, detail: [who, agents].filter(Boolean).join(" · ") };
}

/** "Claude Code"; the slug is the id. */
export function productOption({ row }: { row: TProductRowLike }): TScopeOption {
  const bits = [row.vendor ?? null, row.devices !== undefined ? `on ${row.devices} device${row.devices === 1 ? "" : "s"}` : null];
  return { id: row.productSlug, label: row.displayName, detail: [row.productSlug, ...bits].filter(Boolean).join(" · ") };
}

/** Products matching a typed search (display name, slug or vendor), case-insensitive; all of them for an empty search. */
export function filterProducts<T extends TProductRowLike>({ rows, search }: { rows: readonly T[]; search: string }): T[] {
  const q = search.trim().toLowerCase();
  if (!q) return [...rows];
  return rows.filter((r) => r.displayName.toLowerCase().includes(q) || r.productSlug.toLowerCase().includes(q) || (r.vendor ?? "").toLowerCase().includes(q));
}
