import { router } from "./init";
import { membersRouter } from "@/server/routers/members";
import { apiKeysRouter } from "@/server/routers/api-keys";
import { auditRouter } from "@/server/routers/audit";
import { tenantsRouter } from "@/server/routers/tenants";
import { registryRouter } from "@/server/routers/registry";
import { devicesRouter } from "@/server/routers/devices";
import { eventsRouter } from "@/server/routers/events";
import { eventSinksRouter } from "@/server/routers/event-sinks";
import { revocationsRouter } from "@/server/routers/revocations";
import { identitiesRouter } from "@/server/routers/identities";
import { secretsRouter } from "@/server/routers/secrets";
import { finopsRouter } from "@/server/routers/finops";
import { directoryRouter } from "@/server/routers/directory";
import { scimTokensRouter } from "@/server/routers/scim-tokens";
import { rolloutsRouter } from "@/server/routers/rollouts";

export const appRouter = router({
  tenants: tenantsRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  registry: registryRouter,
  devices: devicesRouter,
  events: eventsRouter,
  eventSinks: eventSinksRouter,
  revocations: revocationsRouter,
  identities: identitiesRouter,
  secrets: secretsRouter,
  finops: finopsRouter,
  directory: directoryRouter,
  scimTokens: scimTokensRouter,
  rollouts: rolloutsRouter,
});

export type TAppRouter = typeof appRouter;
