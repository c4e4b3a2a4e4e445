/**
 * Pieces every SIEM format needs from a canonical event: who acted, a one-line message,
 * numeric severities. Kept in one place so the formats agree with each other.
 */
import { describeEventType, type TEvent, type TEventSeverity } from "@/server/contracts/events";

export const MARSHAL_VENDOR = "Marshal";
export const MARSHAL_PRODUCT = "Marshal";
/** Reported as the producing product's version when a caller gives none. */
export const MARSHAL_DEFAULT_VERSION = "0.1.0";

/** Severity on OCSF's 1..5 scale (Informational..Critical), also used for ECS event.severity. */
export const SEVERITY_RANK: Record<TEventSeverity, 1 | 2 | 3 | 4 | 5> = {
  info: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** The human the event is about: the person an agent acted for, else the console member. */
export type TEventSubject = {
  kind: "person" | "member";
  id?: string;
  name?: string;
  email?: string;
};

export function eventSubject(event: TEvent): TEventSubject | undefined {
  const { onBehalfOf, actor } = event;
  if (onBehalfOf.personId || onBehalfOf.userName) {
    return {
      kind: "person",
      id: onBehalfOf.personId,
      name: onBehalfOf.userName,
      email: onBehalfOf.userName?.includes("@") ? onBehalfOf.userName : undefined,
    };
  }
  if (actor.memberId || actor.email) {
    return { kind: "member", id: actor.memberId, name: actor.email, email: actor.email };
  }
  return undefined;
}

/** "Tool call: Bash on /repos/payments by claude-code for alice@example.com (denied)" */
export function eventMessage(event: TEvent): string {
  const entry = describeEventType(event.type);
  const parts = [entry.title];
  if (event.intent) parts[0] += `: ${event.intent}`;
  if (event.target) parts.push(`on ${event.target}`);
  if (event.actor.productSlug) parts.push(`by ${event.actor.productSlug}`);
  const subject = eventSubject(event);
  if (subject?.name) parts.push(subject.kind === "person" ? `for ${subject.name}` : `by ${subject.name}`);
  if (event.device.hostname) parts.push(`on host ${event.device.hostname}`);
  return `${parts.join(" ")} (${event.outcome})`;
}

/** Milliseconds since the epoch of an ISO time. */
export function epochMs(iso: string): number {
  return Date.parse(iso);
}

/** The first correlation id, for fields that hold only one. */
export function primaryCorrelationId(event: TEvent): string | undefined {
  const { sessionId, revocationId, rolloutId, requestId } = event.correlation;
  return sessionId ?? revocationId ?? rolloutId ?? requestId;
}

/** Drop keys whose value is undefined, recursively, so JSON outputs carry no empty members. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const cleaned = withoutUndefined(item);
      if (cleaned && typeof cleaned === "object" && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0) continue;
      out[key] = cleaned;
    }
    return out as T;
  }
  return value;
}
