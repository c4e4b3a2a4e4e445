/**
 * Directory changes as events (`scim.user_created|updated|deactivated|deleted`, `scim.group_changed`; catalog in
 * server/contracts/events.ts), so the explorer and every SIEM sink see who joined, changed or left, next to what
 * their agents did.
 *
 * Called AFTER the change has committed (an event never describes a change that rolled back). One SCIM request
 * makes at most one change, so the key `scim:<requestId>` is stable: a second call for the same request stores
 * nothing twice. The SCIM request id (also the ScimRequestLog id, the audit summary's requestId and the
 * triggerRef of any revocation) goes in `correlation.requestId`.
 *
 * A failure to store the event is logged, never thrown: the identity provider must not retry a change that
 * already succeeded.
 */
import type { TEventParams } from "@/server/contracts/events";
import { recordEvents } from "@/server/modules/events/record-events";
import type { TScimServiceContext } from "./scim-service-context";

export type TScimEventChange =
  | { type: "scim.user_created" | "scim.user_updated" | "scim.user_deactivated" | "scim.user_deleted"; person: { id: string; userName: string }; params?: TEventParams }
  | { type: "scim.group_changed"; group: { id: string; displayName: string }; params: TEventParams & { change: "created" | "updated" | "deleted" } };

const INTENT: Record<TScimEventChange["type"], string> = {
  "scim.user_created": "provision user",
  "scim.user_updated": "update user",
  "scim.user_deactivated": "deactivate user",
  "scim.user_deleted": "delete user",
  "scim.group_changed": "change group",
};

/** The event draft for one SCIM change (pure; exported for tests and the seed). */
export function buildScimEvent(opts: { ctx: Pick<TScimServiceContext, "requestId" | "scope">; change: TScimEventChange; time?: Date }) {
  const { ctx, change } = opts;
  const actor = ctx.scope.actor;
  const common = {
    key: `scim:${ctx.requestId}`,
    time: (opts.time ?? new Date()).toISOString(),
    type: change.type,
    intent: INTENT[change.type],
    outcome: "success" as const,
    correlation: { requestId: ctx.requestId },
    // The SCIM caller (a SCIM token) is not a console member: name it in params rather than actor.memberId.
    ...(actor.type === "member" && actor.id ? { actor: { memberId: actor.id } } : {}),
  };
  const caller = { via: actor.type, caller: actor.label };
  if (change.type === "scim.group_changed") {
    return { ...common, target: `group:${change.group.id}`, params: { ...caller, ...change.params, groupId: change.group.id, displayName: change.group.displayName } };
  }
  return {
    ...common,
    target: `person:${change.person.id}`,
    onBehalfOf: { personId: change.person.id, userName: change.person.userName.slice(0, 320) },
    params: { ...caller, ...(change.params ?? {}) },
  };
}

export async function recordScimEvent(opts: { ctx: Pick<TScimServiceContext, "requestId" | "scope">; change: TScimEventChange }): Promise<void> {
  try {
    await recordEvents({ scope: opts.ctx.scope, events: [buildScimEvent({ ctx: opts.ctx, change: opts.change })] });
  } catch (error) {
    console.error(`[scim] could not record the ${opts.change.type} event for request ${opts.ctx.requestId}`, (error as Error).message);
  }
}
