/**
 * Canonical event -> Elastic Common Schema document (ECS version from the installed
 * `@elastic/ecs` field definitions). Standard fields only where ECS defines them
 * (`@timestamp`, event.*, user.*, host.*, process.*, gen_ai.*, related.*, labels);
 * everything Marshal-specific lives under the custom `marshal.*` namespace.
 * `@elastic/ecs` is a devDependency: the version is a constant here, and the test checks it
 * (and every field) against the installed definitions.
 */

export const ECS_VERSION = "9.4.0";
import { describeEventType, type TEvent, type TEventCategory } from "@/server/contracts/events";
import { SEVERITY_RANK, eventMessage, eventSubject, withoutUndefined } from "./describe-event";

type TEcsCategorization = { category: string[]; type: string[] };

/** ECS event.category / event.type pairs (each type is one the category allows). */
const CATEGORIZATION: Record<TEventCategory, TEcsCategorization> = {
  device: { category: ["host"], type: ["change"] },
  discovery: { category: ["package"], type: ["info"] },
  policy: { category: ["configuration"], type: ["change"] },
  enforcement: { category: ["intrusion_detection"], type: ["denied"] },
  identity: { category: ["iam"], type: ["change"] },
  revocation: { category: ["iam"], type: ["change"] },
  agent: { category: ["api"], type: ["access"] },
  usage: { category: ["api"], type: ["info"] },
  admin: { category: ["configuration"], type: ["change"] },
  directory: { category: ["iam"], type: ["user", "change"] },
  auth: { category: ["authentication"], type: ["start"] },
  rollout: { category: ["configuration"], type: ["change"] },
  pipeline: { category: ["host"], type: ["info"] },
  telemetry: { category: ["api"], type: ["info"] },
  custom: { category: ["api"], type: ["info"] },
};

const TYPE_OVERRIDES: Partial<Record<string, TEcsCategorization>> = {
  "device.enrolled": { category: ["host"], type: ["start"] },
  "device.unenrolled": { category: ["host"], type: ["end"] },
  "discovery.agent_found": { category: ["package"], type: ["installation"] },
  "discovery.agent_removed": { category: ["package"], type: ["deletion"] },
  "install.quarantined": { category: ["intrusion_detection"], type: ["denied"] },
  "identity.issued": { category: ["iam"], type: ["creation"] },
  "identity.revoked": { category: ["iam"], type: ["deletion"] },
  "scim.user_created": { category: ["iam"], type: ["user", "creation"] },
  "scim.user_deleted": { category: ["iam"], type: ["user", "deletion"] },
  "scim.group_changed": { category: ["iam"], type: ["group", "change"] },
  "agent.session_start": { category: ["session"], type: ["start"] },
  "agent.session_end": { category: ["session"], type: ["end"] },
  "auth.sign_in_failed": { category: ["authentication"], type: ["start"] },
};

function categorize(event: TEvent): TEcsCategorization {
  const base = TYPE_OVERRIDES[event.type] ?? CATEGORIZATION[describeEventType(event.type).category];
  if (base.category.length === 1 && base.category[0] === "api" && (event.outcome === "denied" || event.outcome === "allowed")) {
    // api allows allowed/denied: say which.
    return { category: base.category, type: [...base.type, event.outcome] };
  }
  return base;
}

function ecsOutcome(event: TEvent): "success" | "failure" | "unknown" {
  if (event.outcome === "success" || event.outcome === "allowed") return "success";
  if (event.outcome === "denied" || event.outcome === "error") return "failure";
  return "unknown";
}

export type TToEcsOptions = { event: TEvent };

export function toEcs({ event }: TToEcsOptions): Record<string, unknown> {
  const { category, type } = categorize(event);
  const subject = eventSubject(event);
  const isModelRequest = event.type === "agent.model_request";
  const isEnforcement = event.type === "process.blocked" || event.type === "install.quarantined";
  const hostname = event.device.hostname;

  return withoutUndefined({
    "@timestamp": event.time,
    ecs: { version: ECS_VERSION },
    message: eventMessage(event),
    event: {
      id: event.id,
      kind: "event",
      category,
      type,
      action: event.type,
      outcome: ecsOutcome(event),
      severity: SEVERITY_RANK[event.severity],
      created: event.time,
      ingested: event.receivedAt,
      dataset: "marshal.events",
      module: "marshal",
      provider: event.actor.productSlug,
      reason: event.outcome === "denied" ? event.intent : undefined,
    },
    user: subject ? { id: subject.id, name: subject.name, email: subject.email } : undefined,
    host: hostname || event.device.id ? { id: event.device.id, hostname, name: hostname } : undefined,
    process: isEnforcement && event.target ? { executable: event.target, name: event.target.split(/[\\/]/).pop() } : undefined,
    gen_ai:
      isModelRequest && (event.target || event.tokens)
        ? {
            request: event.target ? { model: event.target } : undefined,
            usage: event.tokens ? { input_tokens: event.tokens.in, output_tokens: event.tokens.out } : undefined,
          }
        : undefined,
    related: {
      user: subject?.name ? [subject.name] : undefined,
      hosts: hostname ? [hostname] : undefined,
    },
    labels: { tenant_id: event.tenantId },
    marshal: {
      event_type: event.type,
      event_key: event.key,
      outcome: event.outcome,
      intent: event.intent,
      target: event.target,
      params: event.params,
      cost_usd: event.costUsd,
      tokens: event.tokens
        ? { input: event.tokens.in, output: event.tokens.out, cache_read: event.tokens.cacheRead, cache_write: event.tokens.cacheWrite }
        : undefined,
      agent: { identity_id: event.actor.identityId, product: event.actor.productSlug, version: event.actor.productVersion },
      member: event.actor.memberId || event.actor.email ? { id: event.actor.memberId, email: event.actor.email } : undefined,
      on_behalf_of: { person_id: event.onBehalfOf.personId, user_name: event.onBehalfOf.userName },
      correlation: {
        session_id: event.correlation.sessionId,
        revocation_id: event.correlation.revocationId,
        rollout_id: event.correlation.rolloutId,
        request_id: event.correlation.requestId,
      },
    },
  });
}
