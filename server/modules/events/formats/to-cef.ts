/**
 * Canonical event -> ArcSight Common Event Format line.
 *
 * Follows "Micro Focus Security ArcSight Common Event Format, Version 25" (2017):
 *   CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|[Extension]
 * - Header fields escape `\` as `\\` and `|` as `\|`. Newlines are not allowed in the header
 *   and are replaced by spaces.
 * - Extension values escape `\` as `\\` and `=` as `\=`; multi-line values encode newlines as
 *   `\n` (and a lone carriage return as `\r`). `|` needs no escaping in the extension.
 * - Severity is an integer 0..10 (0-3 Low, 4-6 Medium, 7-8 High, 9-10 Very-High).
 * - Custom fields use the spec's csN / cnN / cfpN / flexStringN keys, each with its Label key.
 * The line carries no syslog prefix; a syslog transport adds the RFC 5424 header.
 */
import { describeEventType, type TEvent, type TEventSeverity } from "@/server/contracts/events";
import { MARSHAL_DEFAULT_VERSION, MARSHAL_PRODUCT, MARSHAL_VENDOR, epochMs, eventMessage, eventSubject } from "./describe-event";

export const CEF_SEVERITY: Record<TEventSeverity, number> = { info: 1, low: 3, medium: 5, high: 8, critical: 10 };

/** The spec limits csN values to 4000 characters. */
const CUSTOM_STRING_MAX = 4000;

export function escapeCefHeader(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r\n|\r|\n/g, " ");
}

export function escapeCefExtension(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/=/g, "\\=").replace(/\r\n|\n/g, "\\n").replace(/\r/g, "\\r");
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

export type TToCefOptions = {
  event: TEvent;
  /** Device Version in the header: the Marshal build. */
  productVersion?: string;
};

export function toCef({ event, productVersion = MARSHAL_DEFAULT_VERSION }: TToCefOptions): string {
  const entry = describeEventType(event.type);
  const subject = eventSubject(event);
  const isDirectoryChange = entry.category === "directory";
  const agentProduct = event.actor.productSlug
    ? [event.actor.productSlug, event.actor.productVersion].filter(Boolean).join("/")
    : undefined;
  const params = event.params ? truncate(JSON.stringify(event.params), CUSTOM_STRING_MAX) : undefined;

  const extension: [string, string | number | undefined][] = [
    ["rt", epochMs(event.time)],
    ["externalId", event.id],
    ["cat", entry.category],
    ["act", event.intent ?? event.type],
    ["outcome", event.outcome],
    ["msg", eventMessage(event)],
    [isDirectoryChange ? "duser" : "suser", subject?.name],
    [isDirectoryChange ? "duid" : "suid", subject?.id],
    ["dhost", event.device.hostname],
    ["deviceExternalId", event.device.id],
    ["cs1Label", event.actor.identityId && "agentIdentityId"],
    ["cs1", event.actor.identityId],
    ["cs2Label", agentProduct && "agentProduct"],
    ["cs2", agentProduct],
    ["cs3Label", event.correlation.sessionId && "sessionId"],
    ["cs3", event.correlation.sessionId],
    ["cs4Label", event.target && "target"],
    ["cs4", event.target && truncate(event.target, CUSTOM_STRING_MAX)],
    ["cs5Label", "tenantId"],
    ["cs5", event.tenantId],
    ["cs6Label", params && "params"],
    ["cs6", params],
    ["flexString1Label", event.correlation.revocationId && "revocationId"],
    ["flexString1", event.correlation.revocationId],
    ["flexString2Label", event.correlation.rolloutId && "rolloutId"],
    ["flexString2", event.correlation.rolloutId],
    ["cfp1Label", event.costUsd !== undefined ? "costUsd" : undefined],
    ["cfp1", event.costUsd],
    ["cn1Label", event.tokens && "tokensIn"],
    ["cn1", event.tokens?.in],
    ["cn2Label", event.tokens && "tokensOut"],
    ["cn2", event.tokens?.out],
    ["cn3Label", event.tokens && "tokensCacheRead"],
    ["cn3", event.tokens?.cacheRead],
  ];

  const header = [
    "CEF:0",
    escapeCefHeader(MARSHAL_VENDOR),
    escapeCefHeader(MARSHAL_PRODUCT),
    escapeCefHeader(productVersion),
    escapeCefHeader(event.type),
    escapeCefHeader(entry.title),
    String(CEF_SEVERITY[event.severity]),
  ].join("|");
  const ext = extension
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined && pair[1] !== "")
    .map(([key, value]) => `${key}=${escapeCefExtension(String(value))}`)
    .join(" ");
  return `${header}|${ext}`;
}
