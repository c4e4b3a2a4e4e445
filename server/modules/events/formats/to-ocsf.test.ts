/**
 * Checks `toOcsf` output against the published OCSF schema files committed under
 * __reference__/ocsf (see SOURCE.md): required attributes, attribute names, data types,
 * enum values, sibling captions, object constraints and the uid arithmetic.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { everyCatalogEvent, makeEvent } from "./event-fixtures";
import { OCSF_SCHEMA_VERSION, toOcsf } from "./to-ocsf";

type TAttrDef = { requirement?: string; type?: string; enum?: Record<string, { caption: string }>; is_array?: boolean; sibling?: string };
type TSchemaFile = {
  name: string;
  uid?: number;
  extends?: string;
  category?: string;
  attributes: Record<string, TAttrDef | string[]>;
  constraints?: { at_least_one?: string[] };
};

const ROOT = path.join(import.meta.dirname, "__reference__", "ocsf");
const load = <T>(file: string): T => JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as T;

const dictionary = load<{ attributes: Record<string, TAttrDef>; types: { attributes: Record<string, { type?: string; regex?: string }> } }>(
  "dictionary-subset.json",
);
const categories = load<{ attributes: Record<string, { uid: number; caption: string }> }>("categories.json");
const EVENT_FILES: Record<string, string> = {
  base_event: "events/base_event.json",
  application: "events/application.json",
  api_activity: "events/api_activity.json",
  iam: "events/iam.json",
  account_change: "events/account_change.json",
  authentication: "events/authentication.json",
};
/** Attributes added by profiles listed in base_event.profiles (not expanded here). */
const PROFILE_ATTRIBUTES = new Set(["device"]);

function mergeAttrs(into: Record<string, TAttrDef>, from: TSchemaFile["attributes"]) {
  for (const [name, def] of Object.entries(from)) {
    if (name === "$include" || Array.isArray(def)) continue;
    const prior = into[name] ?? {};
    into[name] = { ...prior, ...def, enum: prior.enum || def.enum ? { ...prior.enum, ...def.enum } : undefined };
  }
}

function resolveChain(load1: (name: string) => TSchemaFile | undefined, name: string) {
  const chain: TSchemaFile[] = [];
  for (let file = load1(name); file; file = file.extends ? load1(file.extends) : undefined) chain.unshift(file);
  const attrs: Record<string, TAttrDef> = {};
  let constraints: TSchemaFile["constraints"];
  let category: string | undefined;
  for (const file of chain) {
    mergeAttrs(attrs, file.attributes);
    constraints = file.constraints ?? constraints;
    category = file.category ?? category;
  }
  return { chain, attrs, constraints, category };
}

const loadEventFile = (name: string) => (EVENT_FILES[name] ? load<TSchemaFile>(EVENT_FILES[name]) : undefined);
const loadObjectFile = (name: string) => (name === "object" ? undefined : load<TSchemaFile>(`objects/${name}.json`));

function baseType(type: string): string {
  let current = type;
  while (dictionary.types.attributes[current]?.type) current = dictionary.types.attributes[current].type!;
  return current;
}

function checkPrimitive(value: unknown, type: string, where: string, errors: string[]) {
  const base = baseType(type);
  const regex = dictionary.types.attributes[type]?.regex;
  const ok =
    base === "string_t" ? typeof value === "string" && (!regex || new RegExp(regex).test(value))
    : base === "integer_t" ? Number.isInteger(value) && Math.abs(value as number) <= 2 ** 31
    : base === "long_t" ? Number.isSafeInteger(value)
    : base === "float_t" ? typeof value === "number"
    : base === "boolean_t" ? typeof value === "boolean"
    : base === "json_t" ? true
    : false;
  if (!ok) errors.push(`${where}: ${JSON.stringify(value)} is not a valid ${type}`);
}

function checkValue(value: unknown, name: string, def: TAttrDef, parent: Record<string, unknown>, where: string, errors: string[]) {
  const dict = dictionary.attributes[name];
  if (!dict) {
    errors.push(`${where}: attribute "${name}" is not in the dictionary subset`);
    return;
  }
  const type = def.type ?? dict.type!;
  const items = dict.is_array ? value : [value];
  if (dict.is_array && !Array.isArray(value)) {
    errors.push(`${where}: must be an array`);
    return;
  }
  for (const item of items as unknown[]) {
    if (type === "object") {
      if (!item || typeof item !== "object" || Array.isArray(item)) errors.push(`${where}: must be an object`);
    } else if (dictionary.types.attributes[type]) {
      checkPrimitive(item, type, where, errors);
    } else {
      checkObject(item, type, where, errors);
    }
  }
  const enumeration = dict.enum || def.enum ? { ...dict.enum, ...def.enum } : undefined;
  if (enumeration) {
    const caption = enumeration[String(value)]?.caption;
    if (!caption) errors.push(`${where}: ${JSON.stringify(value)} is not one of ${Object.keys(enumeration).join(",")}`);
    const sibling = dict.sibling;
    if (caption && sibling && value !== 99 && sibling in parent && parent[sibling] !== caption) {
      errors.push(`${where}: sibling ${sibling} is "${String(parent[sibling])}", expected "${caption}"`);
    }
  }
}

function checkMembers(value: Record<string, unknown>, attrs: Record<string, TAttrDef>, constraints: TSchemaFile["constraints"], where: string, errors: string[], extra = new Set<string>()) {
  for (const [name, item] of Object.entries(value)) {
    const def = attrs[name] ?? (extra.has(name) ? {} : undefined);
    if (!def) {
      errors.push(`${where}.${name}: not an attribute here`);
      continue;
    }
    checkValue(item, name, def, value, `${where}.${name}`, errors);
  }
  for (const [name, def] of Object.entries(attrs)) {
    if (def.requirement === "required" && value[name] === undefined) errors.push(`${where}.${name}: required but missing`);
  }
  const atLeastOne = constraints?.at_least_one;
  if (atLeastOne && !atLeastOne.some((name) => value[name] !== undefined)) {
    errors.push(`${where}: needs at least one of ${atLeastOne.join(", ")}`);
  }
}

function checkObject(value: unknown, objectName: string, where: string, errors: string[]) {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    errors.push(`${where}: must be a ${objectName} object`);
    return;
  }
  const { attrs, constraints } = resolveChain(loadObjectFile, objectName);
  checkMembers(value as Record<string, unknown>, attrs, constraints, where, errors);
}

/** Every problem the reference schema finds with an OCSF event of the given class. */
function validateOcsf(event: Record<string, unknown>, className: string): string[] {
  const errors: string[] = [];
  const { chain, attrs, constraints, category } = resolveChain(loadEventFile, className);
  const categoryUid = categories.attributes[category!].uid;
  const eventClass = chain.at(-1)!;
  const classUid = categoryUid * 1000 + eventClass.uid!;
  // As the schema compiler does: a concrete class's category_uid / class_uid enums hold its own values.
  attrs.category_uid = { ...attrs.category_uid, enum: { [categoryUid]: { caption: categories.attributes[category!].caption } } };
  attrs.class_uid = { ...attrs.class_uid, enum: { [classUid]: { caption: (eventClass as { caption?: string }).caption ?? eventClass.name } } };
  checkMembers(event, attrs, constraints, className, errors, PROFILE_ATTRIBUTES);
  if (event.category_uid !== categoryUid) errors.push(`category_uid ${String(event.category_uid)} != ${categoryUid}`);
  if (event.category_name !== categories.attributes[category!].caption) errors.push(`category_name mismatch`);
  if (event.class_uid !== classUid) errors.push(`class_uid ${String(event.class_uid)} != ${classUid}`);
  if (event.type_uid !== classUid * 100 + (event.activity_id as number)) errors.push(`type_uid is not class_uid*100+activity_id`);
  return errors;
}

const CLASS_BY_UID: Record<number, string> = { 3001: "account_change", 3002: "authentication", 6003: "api_activity" };

describe("toOcsf against the published OCSF schema", () => {
  it("produces a valid event for every catalog type", () => {
    for (const event of everyCatalogEvent()) {
      const ocsf = toOcsf({ event, productVersion: "1.2.3" });
      const className = CLASS_BY_UID[ocsf.class_uid];
      expect(className, event.type).toBeDefined();
      const errors = validateOcsf(ocsf, className);
      if (errors.length) console.error(event.type, errors);
      expect(errors, event.type).toEqual([]);
    }
  });

  it("puts the agent in the actor of an API Activity", () => {
    const ocsf = toOcsf({ event: makeEvent({ outcome: "denied", severity: "high" }) }) as Record<string, any>;
    expect(ocsf.class_uid).toBe(6003);
    expect(ocsf.type_uid).toBe(600399);
    expect(ocsf.activity_name).toBe("Tool call");
    expect(ocsf.actor).toEqual({
      app_name: "claude-code",
      app_uid: "aid_7",
      user: { uid: "p_alice", name: "alice@example.com", email_addr: "alice@example.com", type_id: 1, type: "User" },
      session: { uid: "sess_9" },
    });
    expect(ocsf.time).toBe(Date.parse("2026-03-01T11:59:00.250Z"));
    expect(ocsf.status_id).toBe(2);
    expect(ocsf.severity_id).toBe(4);
    expect(ocsf.metadata).toMatchObject({ version: OCSF_SCHEMA_VERSION, uid: makeEvent().id, product: { name: "Marshal", vendor_name: "Marshal" } });
    expect(ocsf.src_endpoint).toEqual({ uid: "dev_1", hostname: "alice-mbp.corp.example.com" });
    expect(ocsf.resources).toEqual([{ name: "/repos/payments", type: "target" }]);
    expect(ocsf.unmapped.marshal).toMatchObject({ tenant_id: "t_acme", cost_usd: 0.0123, tokens: { in: 1200, out: 80 } });
  });

  it("maps sign-ins to Authentication and SCIM changes to Account Change", () => {
    const failed = toOcsf({ event: makeEvent({ type: "auth.sign_in_failed", outcome: "error", actor: { email: "bob@example.com" }, onBehalfOf: {} }) });
    expect([failed.class_uid, failed.type_uid, failed.status_id]).toEqual([3002, 300201, 2]);
    expect((failed as Record<string, any>).user.email_addr).toBe("bob@example.com");
    const disabled = toOcsf({ event: makeEvent({ type: "scim.user_deactivated", outcome: "success" }) });
    expect([disabled.class_uid, disabled.type_uid]).toEqual([3001, 300105]);
    expect((disabled as Record<string, any>).user.uid).toBe("p_alice");
  });

  it("the reference check catches a broken event", () => {
    const ocsf = toOcsf({ event: makeEvent() }) as Record<string, any>;
    const broken = { ...ocsf, api: undefined, severity_id: 7, actor: { ...ocsf.actor, user: { ...ocsf.actor.user, email_addr: "not-an-email" } }, vendor_field: 1 };
    delete broken.api;
    const errors = validateOcsf(broken, "api_activity");
    expect(errors).toEqual(
      expect.arrayContaining([
        "api_activity.api: required but missing",
        expect.stringMatching(/severity_id: 7 is not one of/),
        expect.stringMatching(/email_addr: "not-an-email" is not a valid email_t/),
        "api_activity.vendor_field: not an attribute here",
      ]),
    );
  });
});
