/**
 * The registry: a verdict per product with pins, trusted sources and update policy. Every change is validated
 * before anything is saved, audited in the same transaction, and then sent to the devices that have the product.
 */
import { ZProductSlug } from "@/server/contracts/inventory";
import { AppError } from "@/server/errors";
import { appendAudit } from "../audit/append-audit";
import type { TTenantScope } from "../tenant-scope";
import { propagatePolicy } from "./propagate-policy";
import { ZRegistryEntryInput, type TRegistryEntryInput } from "./registry-schemas";
import { validatePins, type TPolicyProblem } from "./validate-agent-policy";
import { refuseLockedChange } from "../rollouts/refuse-locked-change";

export type TRegistryEntry = Awaited<ReturnType<typeof setRegistryEntry>>;

function badRequest({ problems }: { problems: TPolicyProblem[] }): AppError {
  return new AppError("BAD_REQUEST", problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; "), { problems });
}

/** Validates a registry entry input; returns the normalised values or throws BAD_REQUEST listing every problem. */
export function validateRegistryEntry({ input, now = new Date() }: { input: unknown; now?: Date }) {
  const parsed = ZRegistryEntryInput.safeParse(input);
  if (!parsed.success) throw badRequest({ problems: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
  const value = parsed.data;
  const problems: TPolicyProblem[] = [];
  let versionRange: string | null = null;
  let sha256: string[] = [];
  if (value.versionRange !== null || value.sha256.length > 0) {
    const pins = validatePins({ pins: { versionRange: value.versionRange ?? "*", sha256: value.sha256 } });
    if (!pins.ok) problems.push(...pins.problems);
    else {
      versionRange = value.versionRange === null ? null : pins.value.versionRange;
      sha256 = pins.value.sha256;
    }
  }
  if (value.verdict === "tolerated") {
    if (value.toleratedUntil === null) problems.push({ path: "toleratedUntil", message: "a tolerated product is time-boxed: give the date its tolerance ends" });
    else if (value.toleratedUntil <= now) problems.push({ path: "toleratedUntil", message: "toleratedUntil must be in the future" });
  }
  if (value.updatePolicy === "pinned" && versionRange === null && sha256.length === 0) {
    problems.push({ path: "updatePolicy", message: "updatePolicy pinned needs a versionRange or sha256 pins" });
  }
  const sources = new Set<string>();
  value.trustedSources.forEach((s, i) => {
    const key = `${s.kind}:${s.value}`;
    if (sources.has(key)) problems.push({ path: `trustedSources[${i}]`, message: `${key} is listed twice` });
    sources.add(key);
    if (s.kind === "vendor-installer" && !/^https:\/\/[^\s/]+/.test(s.value)) problems.push({ path: `trustedSources[${i}]`, message: `a vendor installer source must be an https URL, got "${s.value}"` });
    if (s.kind === "npm" && !/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(s.value)) problems.push({ path: `trustedSources[${i}]`, message: `"${s.value}" is not an npm package name` });
    if (s.kind === "extension-marketplace" && !/^[^.\s]+\.[^\s]+$/.test(s.value)) problems.push({ path: `trustedSources[${i}]`, message: `"${s.value}" is not a marketplace id (publisher.extension)` });
  });
  if (problems.length > 0) throw badRequest({ problems });
  return { ...value, versionRange, sha256, toleratedUntil: value.verdict === "tolerated" ? value.toleratedUntil : null };
}

const ENTRY_SELECT = {
  id: true,
  productSlug: true,
  verdict: true,
  versionRange: true,
  sha256: true,
  trustedSources: true,
  updatePolicy: true,
  outOfPinAction: true,
  toleratedUntil: true,
  note: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function setRegistryEntry({ scope, input }: { scope: TTenantScope; input: TRegistryEntryInput }) {
  const value = validateRegistryEntry({ input });
  await refuseLockedChange({ scope, kind: "registry-entry", target: value.productSlug });
  const entry = await scope.db.$transaction(async (tx) => {
    const before = await tx.registryEntry.findFirst({ where: { productSlug: value.productSlug }, select: ENTRY_SELECT });
    const data = {
      verdict: value.verdict,
      versionRange: value.versionRange,
      sha256: value.sha256,
      trustedSources: value.trustedSources as object,
      updatePolicy: value.updatePolicy,
      outOfPinAction: value.outOfPinAction,
      toleratedUntil: value.toleratedUntil,
      note: value.note,
    };
    const row = before
      ? await tx.registryEntry.update({ where: { id: before.id }, data, select: ENTRY_SELECT })
      : await tx.registryEntry.create({ data: { tenantId: scope.tenantId, productSlug: value.productSlug, ...data }, select: ENTRY_SELECT });
    await appendAudit({
      db: tx,
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: before ? "registry.entry_changed" : "registry.entry_created",
      target: { type: "registry_entry", id: row.id },
      summary: { productSlug: row.productSlug, verdictBefore: before?.verdict ?? "unreviewed", verdict: row.verdict, versionRange: row.versionRange, sha256: row.sha256.length },
    });
    return row;
  });
  const { devicesNotified } = await propagatePolicy({ scope, productSlugs: [value.productSlug] });
  return { ...toEntry(entry), devicesNotified };
}

/** Removes the verdict: the product is unreviewed again (and gets the tenant's default verdict). */
export async function removeRegistryEntry({ scope, productSlug }: { scope: TTenantScope; productSlug: string }) {
  if (!ZProductSlug.safeParse(productSlug).success) throw new AppError("BAD_REQUEST", `"${productSlug}" is not a product slug`);
  await refuseLockedChange({ scope, kind: "registry-entry", target: productSlug });
  await scope.db.$transaction(async (tx) => {
    const row = await tx.registryEntry.findFirst({ where: { productSlug } });
    if (!row) throw new AppError("NOT_FOUND", `No registry entry for ${productSlug}`);
    await tx.registryEntry.delete({ where: { id: row.id } });
    await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "registry.entry_removed", target: { type: "registry_entry", id: row.id }, summary: { productSlug, verdictBefore: row.verdict } });
  });
  const { devicesNotified } = await propagatePolicy({ scope, productSlugs: [productSlug] });
  return { productSlug, devicesNotified };
}

export function toEntry(row: { trustedSources: unknown } & Record<string, unknown>) {
  return { ...(row as Omit<typeof row, "trustedSources">), trustedSources: row.trustedSources as { kind: string; value: string }[] } as {
    id: string;
    productSlug: string;
    verdict: "sanctioned" | "tolerated" | "blocked";
    versionRange: string | null;
    sha256: string[];
    trustedSources: { kind: "npm" | "vendor-installer" | "extension-marketplace" | "pip" | "app"; value: string }[];
    updatePolicy: "auto" | "pinned" | "manual";
    outOfPinAction: "block" | "flag";
    toleratedUntil: Date | null;
    note: string | null;
    createdAt: Date;
    updatedAt: Date;
  };
}

export async function listRegistryEntries({ scope }: { scope: TTenantScope }) {
  const rows = await scope.db.registryEntry.findMany({ orderBy: { productSlug: "asc" }, select: ENTRY_SELECT });
  return rows.map(toEntry);
}
