/**
 * Seeds the AgentProduct table from server/contracts/agent-catalog.json (the same file the enroller scans
 * with), so a new agent is a new catalog entry, not new code. Idempotent: run at every start.
 */
import catalogJson from "@/server/contracts/agent-catalog.json" with { type: "json" };
import { ZAgentCatalog, type TAgentCatalog } from "@/server/contracts/agent-catalog";
import { upsertAgentProducts } from "@/server/db/devices";

/** The shipped catalog, validated (throws with the first issue when the data file is broken). */
export function loadServerAgentCatalog(options: { json?: unknown } = {}): TAgentCatalog {
  const parsed = ZAgentCatalog.safeParse(options.json ?? catalogJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the agent catalog is invalid: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

export async function seedAgentCatalog(options: { json?: unknown } = {}): Promise<{ products: number }> {
  const catalog = loadServerAgentCatalog(options);
  const products = await upsertAgentProducts({
    products: catalog.map((entry) => ({ slug: entry.slug, displayName: entry.displayName, vendor: entry.vendor, signature: entry })),
  });
  return { products };
}
