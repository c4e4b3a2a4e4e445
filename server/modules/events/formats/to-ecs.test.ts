/**
 * Checks `toEcs` output against the ECS field definitions shipped in `@elastic/ecs`
 * (EcsFlat): every emitted field outside the custom `marshal.*` namespace and the `labels`
 * map must be an ECS field with a matching type, allowed values must be respected, and
 * event.type values must be ones the chosen event.category expects.
 */
import { EcsFlat, EcsVersion } from "@elastic/ecs";
import { describe, expect, it } from "vitest";
import { everyCatalogEvent, makeEvent } from "./event-fixtures";
import { ECS_VERSION, toEcs } from "./to-ecs";

type TEcsField = {
  type: string;
  normalize: string[];
  allowed_values?: { name: string; expected_event_types?: string[] }[];
};
const FIELDS = EcsFlat as unknown as Record<string, TEcsField>;
const CUSTOM_ROOTS = ["marshal.", "labels."];

function flatten(value: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}) {
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (item && typeof item === "object" && !Array.isArray(item) && !FIELDS[name]) flatten(item as Record<string, unknown>, name, out);
    else out[name] = item;
  }
  return out;
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case "keyword":
    case "constant_keyword":
    case "wildcard":
    case "match_only_text":
    case "text":
    case "ip":
      return typeof value === "string";
    case "long":
    case "integer":
    case "short":
    case "byte":
    case "unsigned_long":
      return Number.isSafeInteger(value);
    case "float":
    case "half_float":
    case "scaled_float":
    case "double":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && !Number.isNaN(Date.parse(value));
    case "object":
    case "flattened":
      return typeof value === "object" && value !== null;
    default:
      return false;
  }
}

/** Every problem the ECS field definitions find with a document. */
function validateEcs(doc: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [name, value] of Object.entries(flatten(doc))) {
    if (CUSTOM_ROOTS.some((root) => name.startsWith(root))) continue;
    const field = FIELDS[name];
    if (!field) {
      errors.push(`${name}: not an ECS field`);
      continue;
    }
    const isArrayField = field.normalize.includes("array");
    if (Array.isArray(value) && !isArrayField) errors.push(`${name}: ECS does not expect an array`);
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (!typeMatches(item, field.type)) errors.push(`${name}: ${JSON.stringify(item)} is not a valid ${field.type}`);
      if (field.allowed_values && !field.allowed_values.some((allowed) => allowed.name === item)) {
        errors.push(`${name}: ${JSON.stringify(item)} is not an allowed value`);
      }
    }
  }
  const categories = (doc.event as { category?: string[] })?.category ?? [];
  const types = (doc.event as { type?: string[] })?.type ?? [];
  for (const category of categories) {
    const expected = FIELDS["event.category"].allowed_values?.find((allowed) => allowed.name === category)?.expected_event_types ?? [];
    for (const type of types) {
      if (!expected.includes(type)) errors.push(`event.type ${type} is not expected for event.category ${category}`);
    }
  }
  return errors;
}

describe("toEcs against the @elastic/ecs field definitions", () => {
  it("declares the ECS version of the installed definitions", () => {
    expect(ECS_VERSION).toBe(EcsVersion);
  });

  it("produces valid ECS for every catalog type", () => {
    for (const outcome of ["success", "denied", "allowed", "error"] as const) {
      for (const event of everyCatalogEvent()) {
        const errors = validateEcs(toEcs({ event: { ...event, outcome } }));
        expect(errors.join("; "), `${event.type} ${outcome}`).toBe("");
      }
    }
  });

  it("maps the who, where and what a SOC searches on", () => {
    const doc = toEcs({ event: makeEvent({ type: "agent.model_request", target: "claude-sonnet-4-5", intent: undefined }) }) as Record<string, any>;
    expect(doc["@timestamp"]).toBe("2026-03-01T11:59:00.250Z");
    expect(doc.ecs.version).toBe(EcsVersion);
    expect(doc.event).toMatchObject({ kind: "event", category: ["api"], type: ["access", "allowed"], action: "agent.model_request", outcome: "success", severity: 1 });
    expect(doc.user).toEqual({ id: "p_alice", name: "alice@example.com", email: "alice@example.com" });
    expect(doc.host).toEqual({ id: "dev_1", hostname: "alice-mbp.corp.example.com", name: "alice-mbp.corp.example.com" });
    expect(doc.gen_ai).toEqual({ request: { model: "claude-sonnet-4-5" }, usage: { input_tokens: 1200, output_tokens: 80 } });
    expect(doc.marshal).toMatchObject({ cost_usd: 0.0123, agent: { identity_id: "aid_7", product: "claude-code" } });
    expect(doc.labels).toEqual({ tenant_id: "t_acme" });
  });

  it("describes a blocked process with process.* and a failure outcome", () => {
    const doc = toEcs({ event: makeEvent({ type: "process.blocked", target: "/usr/local/bin/openclaw", outcome: "denied", severity: "high" }) }) as Record<string, any>;
    expect(doc.process).toEqual({ executable: "/usr/local/bin/openclaw", name: "openclaw" });
    expect(doc.event).toMatchObject({ category: ["intrusion_detection"], type: ["denied"], outcome: "failure", severity: 4 });
  });

  it("the reference check catches invalid documents", () => {
    const errors = validateEcs({ "@timestamp": "yesterday", event: { kind: "thing", category: ["iam"], type: ["start"], severity: "high" }, host: { nonsense: 1 } });
    expect(errors).toEqual(
      expect.arrayContaining([
        '@timestamp: "yesterday" is not a valid date',
        'event.kind: "thing" is not an allowed value',
        'event.severity: "high" is not a valid long',
        "host.nonsense: not an ECS field",
        "event.type start is not expected for event.category iam",
      ]),
    );
  });
});
