/**
 * Canonical event -> OCSF 1.x event (Open Cybersecurity Schema Framework, schema.ocsf.io).
 *
 * Classes used (uids from the published schema, see __reference__/ocsf/SOURCE.md):
 *   - Authentication (3002) for console sign-ins,
 *   - Account Change (3001) for SCIM user lifecycle,
 *   - API Activity (6003) for everything an agent, the enroller or an admin does; the agent
 *     is the `actor` (actor.app_name = product, actor.app_uid = agent identity,
 *     actor.user = the person it acts for, or the member for admin actions).
 * type_uid = class_uid * 100 + activity_id; time and logged_time are ms since the epoch.
 * Marshal fields without an OCSF home go under `unmapped.marshal`.
 */
import { describeEventType, type TEvent, type TEventType } from "@/server/contracts/events";
import {
  MARSHAL_DEFAULT_VERSION,
  MARSHAL_PRODUCT,
  MARSHAL_VENDOR,
  SEVERITY_RANK,
  epochMs,
  eventMessage,
  eventSubject,
  primaryCorrelationId,
  withoutUndefined,
} from "./describe-event";

export const OCSF_SCHEMA_VERSION = "1.5.0";

const CATEGORIES = {
  iam: { uid: 3, name: "Identity & Access Management" },
  application: { uid: 6, name: "Application Activity" },
} as const;

const CLASSES = {
  account_change: { uid: 3001, name: "Account Change", category: CATEGORIES.iam },
  authentication: { uid: 3002, name: "Authentication", category: CATEGORIES.iam },
  api_activity: { uid: 6003, name: "API Activity", category: CATEGORIES.application },
} as const;

type TClassName = keyof typeof CLASSES;
type TActivity = { id: number; name: string };

const OTHER = 99;
const SEVERITY_CAPTION = ["Unknown", "Informational", "Low", "Medium", "High", "Critical"] as const;

const API_ACTIVITY: Partial<Record<TEventType, 1 | 2 | 3 | 4>> = {
  "device.enrolled": 1,
  "discovery.agent_found": 1,
  "identity.issued": 1,
  "revocation.created": 1,
  "agent.session_start": 1,
  "policy.applied": 3,
  "policy.repaired": 3,
  "identity.suspended": 3,
  "revocation.delivered": 3,
  "rollout.stage_advanced": 3,
  "rollout.rolled_back": 3,
  "scim.group_changed": 3,
  "admin.action": 3,
  "device.unenrolled": 4,
  "discovery.agent_removed": 4,
  "identity.revoked": 4,
};
const CRUD_CAPTION = { 1: "Create", 2: "Read", 3: "Update", 4: "Delete" } as const;

const ACCOUNT_CHANGE_ACTIVITY: Partial<Record<TEventType, TActivity>> = {
  "scim.user_created": { id: 1, name: "Create" },
  "scim.user_deactivated": { id: 5, name: "Disable" },
  "scim.user_deleted": { id: 6, name: "Delete" },
  "scim.user_updated": { id: OTHER, name: "Update" },
};

function classify(type: TEventType): { className: TClassName; activity: TActivity } {
  if (type === "auth.sign_in" || type === "auth.sign_in_failed") {
    return { className: "authentication", activity: { id: 1, name: "Logon" } };
  }
  const accountChange = ACCOUNT_CHANGE_ACTIVITY[type];
  if (accountChange) return { className: "account_change", activity: accountChange };
  const crud = API_ACTIVITY[type];
  if (crud) return { className: "api_activity", activity: { id: crud, name: CRUD_CAPTION[crud] } };
  return { className: "api_activity", activity: { id: OTHER, name: describeEventType(type).title } };
}

function status(event: TEvent): { status_id: number; status: string } {
  switch (event.outcome) {
    case "success":
    case "allowed":
      return { status_id: 1, status: "Success" };
    case "denied":
    case "error":
      return { status_id: 2, status: "Failure" };
    default:
      return { status_id: 0, status: "Unknown" };
  }
}

function ocsfUser(event: TEvent) {
  const subject = eventSubject(event);
  if (!subject) return undefined;
  return {
    uid: subject.id,
    name: subject.name,
    email_addr: subject.email,
    type_id: subject.kind === "member" ? 2 : 1,
    type: subject.kind === "member" ? "Admin" : "User",
  };
}

function srcEndpoint(event: TEvent) {
  if (event.device.id || event.device.hostname) {
    return { uid: event.device.id, hostname: event.device.hostname };
  }
  return { name: MARSHAL_PRODUCT, svc_name: "marshal-console" };
}

export type TToOcsfOptions = {
  event: TEvent;
  /** Version of the Marshal build that produced the export (metadata.product.version). */
  productVersion?: string;
};

export type TOcsfEvent = Record<string, unknown> & {
  class_uid: number;
  category_uid: number;
  activity_id: number;
  type_uid: number;
  time: number;
  severity_id: number;
};

export function toOcsf({ event, productVersion = MARSHAL_DEFAULT_VERSION }: TToOcsfOptions): TOcsfEvent {
  const { className, activity } = classify(event.type);
  const ocsfClass = CLASSES[className];
  const severityId = SEVERITY_RANK[event.severity];
  const user = ocsfUser(event);
  const session = event.correlation.sessionId ? { uid: event.correlation.sessionId } : undefined;

  const base = {
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: ocsfClass.category.uid,
    category_name: ocsfClass.category.name,
    class_uid: ocsfClass.uid,
    class_name: ocsfClass.name,
    type_uid: ocsfClass.uid * 100 + activity.id,
    type_name: `${ocsfClass.name}: ${activity.name}`,
    time: epochMs(event.time),
    severity_id: severityId,
    severity: SEVERITY_CAPTION[severityId],
    ...status(event),
    status_detail: event.outcome,
    message: eventMessage(event),
    metadata: {
      version: OCSF_SCHEMA_VERSION,
      uid: event.id,
      event_code: event.type,
      correlation_uid: primaryCorrelationId(event),
      logged_time: epochMs(event.receivedAt),
      product: { name: MARSHAL_PRODUCT, vendor_name: MARSHAL_VENDOR, version: productVersion },
    },
    device:
      event.device.id || event.device.hostname
        ? { uid: event.device.id, hostname: event.device.hostname, type_id: 0, type: "Unknown" }
        : undefined,
    unmapped: {
      marshal: {
        tenant_id: event.tenantId,
        event_type: event.type,
        event_key: event.key,
        outcome: event.outcome,
        intent: event.intent,
        target: event.target,
        params: event.params,
        cost_usd: event.costUsd,
        tokens: event.tokens,
        agent: {
          identity_id: event.actor.identityId,
          product: event.actor.productSlug,
          product_version: event.actor.productVersion,
        },
        on_behalf_of: { person_id: event.onBehalfOf.personId, user_name: event.onBehalfOf.userName },
        correlation: {
          session_id: event.correlation.sessionId,
          revocation_id: event.correlation.revocationId,
          rollout_id: event.correlation.rolloutId,
          request_id: event.correlation.requestId,
        },
      },
    },
  };

  const agentActor = {
    app_name: event.actor.productSlug ?? MARSHAL_PRODUCT,
    app_uid: event.actor.identityId,
    user,
    session,
  };

  let specific: Record<string, unknown>;
  switch (className) {
    case "authentication":
      specific = {
        user: user ?? { name: "unknown", type_id: 0, type: "Unknown" },
        service: { name: `${MARSHAL_PRODUCT} console`, version: productVersion },
        src_endpoint: event.device.hostname ? { hostname: event.device.hostname } : undefined,
        session,
      };
      break;
    case "account_change":
      specific = {
        user: user ?? { uid: event.target ?? "unknown", type_id: 1, type: "User" },
        actor: { app_name: "SCIM" },
      };
      break;
    case "api_activity":
      specific = {
        actor: agentActor,
        api: {
          operation: event.type,
          service: { name: MARSHAL_PRODUCT, version: productVersion },
          request: { uid: event.correlation.requestId ?? event.id },
        },
        src_endpoint: srcEndpoint(event),
        resources: event.target ? [{ name: event.target, type: "target" }] : undefined,
      };
      break;
  }
  return withoutUndefined({ ...base, ...specific }) as TOcsfEvent;
}
