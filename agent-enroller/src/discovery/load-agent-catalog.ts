/** The product signatures shipped with the enroller (bundled from server/contracts/agent-catalog.json). */
import catalogJson from "../../../server/contracts/agent-catalog.json" with { type: "json" };
import { ZAgentCatalog, type TAgentCatalog } from "../../../server/contracts/agent-catalog";

let cached: TAgentCatalog | undefined;

export function loadAgentCatalog(): TAgentCatalog {
  cached ??= ZAgentCatalog.parse(catalogJson);
  return cached;
}
