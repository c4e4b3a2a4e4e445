/**
 * The demo estate for tenant "Acme", built only through the product's own paths:
 * - people and groups over the SCIM service (seed-demo-directory.ts);
 * - registry verdicts with setRegistryEntry (Claude Code sanctioned, Codex tolerated for 60 days, OpenClaw blocked);
 * - twelve devices enrolled with the enroller's DeviceClient against the app's device route handlers, called
 *   in-process (signed device JWTs, the same validation and module calls as over HTTP): enroll, check in with
 *   their inventory, apply and attest the policy bundles they are sent, obtain agent credentials, send agent
 *   events and sync metered usage (the gateway's usage sync);
 * - budgets with createBudget.
 * Nothing here writes a row by hand. Deterministic (a seeded generator), so two demo tenants look alike.
 */
import { randomUUID } from "node:crypto";
import { DeviceClient } from "@/agent-enroller/src/protocol/device-client";
import { generateDeviceKeyPair } from "@/agent-enroller/src/protocol/device-keys";
import { createGatewayServerClient } from "@/agent-enroller/src/gateway-wiring/gateway-server-client";
import type { TApplyPolicyPayload, TAttestation } from "@/server/contracts/attestation";
import type { TDeviceEvent } from "@/server/contracts/device";
import { priceUsage, type TModelProvider, type TPriceTable } from "@/server/contracts/pricing";
import type { TAttribution, TUsageReport, TUsageSyncRequest } from "@/server/contracts/gateway-protocol";
import { createBudget } from "@/server/modules/budgets/create-budget";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import { setRegistryEntry } from "@/server/modules/registry/registry-entries";
import { createPolicyRevision } from "@/server/modules/registry/policy-revisions";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { DEMO_FLEET, demoInstallations, type TDemoDevice } from "./demo-fleet-plan";
import { inProcessDeviceFetch } from "./in-process-device-fetch";
import { seedDemoDirectory, type TDemoDirectory } from "./seed-demo-directory";

type TQuotaSnapshotEntry = NonNullable<TUsageSyncRequest["snapshot"]>["entries"][number];

const ENROLLER_VERSION = "0.1.0";
const DAY = 86_400_000;

/** Agents that get an identity and a gateway on the demo devices, with the models they call. */
const METERED: Record<string, { provider: TModelProvider; models: string[]; api: string }> = {
  "claude-code": { provider: "anthropic", models: ["claude-sonnet-4-5", "claude-sonnet-4-5", "claude-opus-4-5", "claude-haiku-4-5"], api: "messages" },
  "codex-cli": { provider: "openai", models: ["gpt-5-codex", "gpt-5-codex", "gpt-5-mini"], api: "responses" },
  "gemini-cli": { provider: "gemini", models: ["gemini-2.5-pro", "gemini-2.5-flash"], api: "generateContent" },
};

const TOOLS: Record<string, string[]> = {
  "claude-code": ["Bash", "Edit", "Read", "Grep", "mcp__github__create_pull_request", "WebFetch"],
  "codex-cli": ["shell", "apply_patch", "update_plan"],
  "gemini-cli": ["run_shell_command", "replace", "read_file", "google_web_search"],
};

/** mulberry32: a small seeded generator, so the demo is the same every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type TDemoFleetSummary = { people: number; groups: number; devices: number; identities: number; events: number; usageRecords: number; budgets: number };

type TEnrolledDevice = { plan: TDemoDevice; client: DeviceClient; deviceId: string; ownerPersonId: string };

async function enrollDevice(opts: { scope: TTenantScope; publicUrl: string; plan: TDemoDevice; ownerPersonId: string }): Promise<TEnrolledDevice> {
  const { plan } = opts;
  const { token } = await createEnrollmentToken({
    scope: opts.scope,
    publicUrl: opts.publicUrl,
    input: { name: `Demo: ${plan.hostname}`, maxUses: 1, expiresInHours: 1, ring: plan.ring, ownerPersonId: opts.ownerPersonId },
  });
  const client = new DeviceClient({ serverUrl: opts.publicUrl, fetch: inProcessDeviceFetch, enrollerVersion: ENROLLER_VERSION });
  const enrolled = await client.enroll({
    token,
    privateKey: generateDeviceKeyPair().privateKey,
    machine: { machineId: `demo-${randomUUID()}`, hostname: plan.hostname, os: plan.os, osVersion: plan.osVersion, arch: plan.arch, username: plan.owner },
  });
  return { plan, client, deviceId: enrolled.deviceId, ownerPersonId: opts.ownerPersonId };
}

/** Check in with the inventory; apply (ack) any policy bundle sent, and attest it at a second check-in, as the enroller does. */
async function checkInDevice(d: TEnrolledDevice): Promise<void> {
  const inventory = () => ({ scannedAt: new Date().toISOString(), processesScanned: 312, installations: demoInstallations(d.plan) });
  const first = await d.client.checkin({ request: { enrollerVersion: ENROLLER_VERSION, inventory: inventory() } });
  const bundles: TApplyPolicyPayload[] = [];
  for (const command of first.commands) {
    if (command.type !== "apply-policy") continue;
    const payload = command.payload as TApplyPolicyPayload;
    bundles.push(payload);
    await d.client.ack({ commandId: command.id, status: "succeeded", detail: { policyVersion: payload.policyVersion } });
  }
  const bundle = bundles.at(-1);
  if (!bundle) return;
  const checkedAt = new Date().toISOString();
  const attestations: TAttestation[] = bundle.agents.map((a) => ({
    productSlug: a.productSlug,
    agent: a.agent,
    policyVersion: bundle.policyVersion,
    expectedHash: a.policyHash,
    foundHash: a.policyHash,
    status: "in_force",
    drift: [],
    probe: null,
    repaired: false,
    checkedAt,
  }));
  // Blocked products: the enroller stops and quarantines them and attests that the block holds; on one machine it
  // runs without the rights to do so, which the compliance view must show (needs elevation).
  for (const block of bundle.blocked) {
    if (!d.plan.agents.some((a) => a.slug === block.productSlug)) continue;
    const elevated = d.plan.hostname !== "linus-thinkpad";
    attestations.push({
      productSlug: block.productSlug,
      agent: null,
      policyVersion: bundle.policyVersion,
      expectedHash: null,
      foundHash: null,
      status: elevated ? "in_force" : "needs_elevation",
      drift: [],
      probe: null,
      repaired: false,
      detail: elevated ? { handling: block.handling, stopped: true } : { handling: block.handling, error: "EACCES: the enroller runs as a user; the install is owned by root" },
      checkedAt,
    });
  }
  await d.client.checkin({ request: { enrollerVersion: ENROLLER_VERSION, inventory: inventory(), attestations } });
}

/** Agent credentials, events and metered usage for the device's governed agents (what its gateway would send). */
async function runAgents(opts: { d: TEnrolledDevice; publicUrl: string; now: Date; random: () => number }): Promise<{ identities: number; events: number; usage: number }> {
  const { d, now, random } = opts;
  const gateway = createGatewayServerClient({ serverUrl: opts.publicUrl, deviceId: d.deviceId, privateKey: d.client.privateKey!, fetch: inProcessDeviceFetch });
  const events: TDeviceEvent[] = [];
  const usage: TUsageReport[] = [];
  let identities = 0;
  const at = (maxDaysAgo: number) => new Date(now.getTime() - Math.floor(random() * maxDaysAgo * DAY) - 60_000);
  for (const agent of d.plan.agents) {
    if (agent.slug === "openclaw") {
      // A blocked product: the enroller stops it when it starts and reports it.
      events.push({ key: randomUUID(), time: at(3).toISOString(), type: "process.blocked", actor: { productSlug: agent.slug, productVersion: agent.version }, intent: "start agent", target: "openclaw gateway", outcome: "denied", params: { reason: "blocked by the registry" } });
      continue;
    }
    const metered = METERED[agent.slug];
    if (!metered) continue;
    const credential = await gateway.issueAgentCredential({ productSlug: agent.slug });
    identities += 1;
    const actor = { identityId: credential.identityId, productSlug: agent.slug, productVersion: agent.version };
    const sessions = 2 + Math.floor(random() * 3);
    for (let s = 0; s < sessions; s++) {
      const start = at(6);
      const sessionId = randomUUID();
      const t = (minutes: number) => new Date(Math.min(start.getTime() + minutes * 60_000, now.getTime() - 1000)).toISOString();
      events.push({ key: randomUUID(), time: t(0), type: "agent.session_start", actor, correlation: { sessionId }, outcome: "success", target: `~/src/${["payments-api", "search-ranker", "platform-infra", "web-app"][s % 4]}` });
      const tools = TOOLS[agent.slug] ?? [];
      for (let k = 0; k < 3; k++) {
        const tool = tools[Math.floor(random() * tools.length)]!;
        const denied = tool === "WebFetch" && random() < 0.5;
        events.push({ key: randomUUID(), time: t(2 + k * 3), type: "agent.tool_call", actor, correlation: { sessionId }, intent: tool, target: tool.startsWith("mcp__") ? "github.com/acme/payments-api" : "workspace", outcome: denied ? "denied" : "allowed" });
      }
      events.push({ key: randomUUID(), time: t(15), type: "agent.session_end", actor, correlation: { sessionId }, outcome: "success" });
    }
    // 45 days of history, so the 30-day charts start level; one runaway day (an agent left looping) is the anomaly.
    const requests = 45 + Math.floor(random() * 60);
    const runaway = d.plan.hostname === "ken-devcontainer" && agent.slug === "claude-code" ? 70 : 0;
    for (let r = 0; r < requests + runaway; r++) {
      const when = r < requests ? at(45) : new Date(now.getTime() - 3 * DAY - Math.floor(random() * 6 * 3_600_000));
      const input = 2_000 + Math.floor(random() * 15_000);
      const cacheRead = 20_000 + Math.floor(random() * 120_000);
      usage.push({
        requestId: randomUUID(),
        at: when.toISOString(),
        identityId: credential.identityId,
        provider: metered.provider,
        model: r < requests ? metered.models[Math.floor(random() * metered.models.length)]! : metered.models[2]!,
        api: metered.api,
        outcome: "ok",
        usage: { inputTokens: input, outputTokens: 400 + Math.floor(random() * 5000), cacheReadTokens: cacheRead, cacheWriteTokens: metered.provider === "anthropic" ? Math.floor(random() * 4000) : 0 },
        usageEstimated: false,
        latencyMs: 800 + Math.floor(random() * 9000),
      });
    }
  }
  if (events.length) {
    const res = await d.client.sendEvents({ events });
    if (res.rejected.length) throw new Error(`demo events refused: ${res.rejected[0]!.reason}`);
  }
  if (usage.length) {
    const synced = await gateway.syncUsage({ records: usage, snapshot: null });
    // Then the quota snapshot, as the gateway's quota engine reports it: this month's spend and today's tokens per
    // scope its agents count against, priced with the table and attributed with what the server just answered.
    await gateway.syncUsage({ records: [], snapshot: { epoch: randomUUID(), id: 1, entries: quotaSnapshot({ d, usage, now, priceTable: synced.priceTable, attribution: synced.attribution, identityPerson: d.ownerPersonId }) } });
  }
  return { identities, events: events.length, usage: usage.length };
}

function quotaSnapshot(opts: { d: TEnrolledDevice; usage: TUsageReport[]; now: Date; priceTable: TPriceTable; attribution: Record<string, TAttribution>; identityPerson: string }): TQuotaSnapshotEntry[] {
  const day = opts.now.toISOString().slice(0, 10);
  const month = day.slice(0, 7);
  const attribution = opts.attribution[opts.identityPerson] ?? {};
  const totals = new Map<string, TQuotaSnapshotEntry>();
  const add = (scope: TQuotaSnapshotEntry["scope"], usd: number, tokens: number) => {
    const key = `${scope.kind}:${scope.id}`;
    const entry = totals.get(key) ?? { scope, day, tokens: 0, month, usd: 0 };
    entry.usd += usd;
    entry.tokens += tokens;
    totals.set(key, entry);
  };
  for (const r of opts.usage) {
    if (!r.at.startsWith(month)) continue;
    const usd = priceUsage({ table: opts.priceTable, provider: r.provider, model: r.model, usage: r.usage }).usd;
    const tokens = r.at.startsWith(day) ? r.usage.inputTokens + r.usage.outputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens : 0;
    const scopes: TQuotaSnapshotEntry["scope"][] = [
      { kind: "device", id: opts.d.deviceId },
      { kind: "person", id: opts.identityPerson },
      { kind: "environment", id: attribution.environment ?? opts.d.plan.ring },
      ...(r.identityId ? [{ kind: "identity" as const, id: r.identityId }] : []),
      ...(attribution.project ? [{ kind: "project" as const, id: attribution.project }] : []),
      ...(attribution.businessUnit ? [{ kind: "businessUnit" as const, id: attribution.businessUnit }] : []),
    ];
    for (const scope of scopes) add(scope, usd, tokens);
  }
  return [...totals.values()];
}

async function setRegistry(scope: TTenantScope, now: Date): Promise<void> {
  await setRegistryEntry({ scope, input: { productSlug: "claude-code", verdict: "sanctioned", versionRange: ">=2.1.0", trustedSources: [{ kind: "npm", value: "@anthropic-ai/claude-code" }], note: "Approved for all engineering (security review 2026-Q1)" } });
  await setRegistryEntry({ scope, input: { productSlug: "codex-cli", verdict: "tolerated", toleratedUntil: new Date(now.getTime() + 60 * DAY), trustedSources: [{ kind: "npm", value: "@openai/codex" }], note: "Pilot in Payments; decision due end of quarter" } });
  await setRegistryEntry({ scope, input: { productSlug: "openclaw", verdict: "blocked", note: "Unvetted autonomous agent with broad local access" } });
  // Permission rules in Claude Code's syntax (https://code.claude.com/docs/en/settings#permission-rule-syntax).
  await createPolicyRevision({
    scope,
    verdictClass: "sanctioned",
    note: "Baseline for sanctioned agents",
    policy: {
      permissions: { allow: ["Bash(npm run test:*)", "Bash(git status)"], ask: ["Bash(git push:*)"], deny: ["Read(./.env)", "Read(./secrets/**)", "Bash(curl:*)"] },
      disableBypassMode: true,
      mcp: { denied: [{ name: "postgres" }] },
    },
  });
  await createPolicyRevision({
    scope,
    verdictClass: "tolerated",
    note: "Tolerated agents run sandboxed, asking before anything",
    policy: { permissions: { deny: ["Read(./.env)", "Bash(curl:*)"] }, sandbox: { required: true, mode: "read-only" }, allowedApprovalPolicies: ["untrusted"] },
  });
}

async function createBudgets(scope: TTenantScope, dir: TDemoDirectory): Promise<number> {
  await createBudget({ scope, input: { name: "Platform Engineering monthly", scopeKind: "businessUnit", scopeId: "Platform Engineering", usdPerMonth: 400, breachAction: "notify" } });
  await createBudget({ scope, input: { name: "Data Science monthly", scopeKind: "businessUnit", scopeId: "Data Science", usdPerMonth: 250, tokensPerDay: 20_000_000, breachAction: "notify" } });
  await createBudget({ scope, input: { name: `${dir.people.ada.displayName} personal cap`, scopeKind: "person", scopeId: dir.people.ada.id, usdPerMonth: 150, requestsPerMinute: 60, breachAction: "revoke" } });
  await createBudget({ scope, input: { name: "Production ring", scopeKind: "environment", scopeId: "prod", usdPerMonth: 1000, concurrentRequests: 8, breachAction: "notify" } });
  return 4;
}

export async function seedDemoFleet(opts: { scope: TTenantScope; publicUrl: string; emailDomain?: string; now?: Date }): Promise<TDemoFleetSummary> {
  const { scope, publicUrl } = opts;
  const now = opts.now ?? new Date();
  const directory = await seedDemoDirectory({ scope, emailDomain: opts.emailDomain ?? "acme.example" });
  await setRegistry(scope, now);
  const enrolled = await Promise.all(DEMO_FLEET.map((plan) => enrollDevice({ scope, publicUrl, plan, ownerPersonId: directory.people[plan.owner].id })));
  await Promise.all(enrolled.map((d) => checkInDevice(d)));
  // One generator per device (seeded by its place in the plan): the same figures whatever order requests finish in.
  const results = await Promise.all(enrolled.map((d, i) => runAgents({ d, publicUrl, now, random: seeded(20260301 + i) })));
  const totals = results.reduce((t, r) => ({ identities: t.identities + r.identities, events: t.events + r.events, usage: t.usage + r.usage }), { identities: 0, events: 0, usage: 0 });
  const budgets = await createBudgets(scope, directory);
  return {
    people: Object.keys(directory.people).length,
    groups: Object.keys(directory.groups).length,
    devices: enrolled.length,
    identities: totals.identities,
    events: totals.events,
    usageRecords: totals.usage,
    budgets,
  };
}
