/** The kill switch through its machine and console edges: REST, the signed SIEM webhook, roles and confirmation. */
import { describe, expect, it } from "vitest";
import { handleRestRequest } from "@/server/http/rest-api";
import { POST as webhookRoute } from "@/app/api/webhooks/revocations/route";
import { signWebhookBody } from "@/server/modules/events/transports/sign-webhook-body";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { addMember, callerAs, createTestTenant } from "@/test/support/tenants";
import { addDevice, addIdentity, addPerson } from "./test-support/kill-switch-fixtures";
import { flushKillSwitchEvents, setKillSwitchEventSink, type TKillSwitchEvent } from "./emit-kill-switch-events";

async function world() {
  const t = await createTestTenant("Api");
  const person = await addPerson({ scope: t.scope, name: "Rae" });
  const device = await addDevice({ scope: t.scope, ownerPersonId: person.id });
  const identity = await addIdentity({ scope: t.scope, deviceId: device.id, personId: person.id });
  return { ...t, person, device, identity };
}

function rest(method: string, path: string, key: string, body?: unknown) {
  return handleRestRequest(
    new Request(`http://localhost/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }),
  );
}

function webhook(opts: { hookId: string; secret: string; body: unknown; at?: Date; signature?: string }) {
  const raw = JSON.stringify(opts.body);
  return webhookRoute(
    new Request(`http://localhost/api/webhooks/revocations?hook=${opts.hookId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-marshal-signature": opts.signature ?? signWebhookBody({ secrets: [opts.secret], body: raw, now: opts.at }) },
      body: raw,
    }),
  );
}

describe("revocations API", () => {
  it("POST /api/v1/revocations pulls the switch; GET shows progress and the delegation chain; events are emitted", async () => {
    const w = await world();
    const events: TKillSwitchEvent[] = [];
    const off = setKillSwitchEventSink((e) => void events.push(...e.filter((x) => x.tenantId === w.tenant.id)));
    try {
      const key = await createApiKey({ scope: w.scope, name: "soar", keyScope: "admin" });
      const res = await rest("POST", "/revocations", key.key, { scopeType: "identity", scopeId: w.identity.id, reason: "leaked token" });
      expect(res.status, await res.clone().text()).toBe(200);
      const created = (await res.json()) as { id: string; devicesTargeted: number };
      expect(created.devicesTargeted).toBe(1);
      const detail = (await (await rest("GET", `/revocations/${created.id}`, key.key)).json()) as { progress: { total: number; pending: number }; targets: { status: string }[]; identities: { identityId: string }[] };
      expect(detail.progress).toMatchObject({ total: 1, pending: 1 });
      expect(detail.identities.map((i) => i.identityId)).toEqual([w.identity.id]);
      expect(events.map((e) => e.type).sort()).toEqual(["identity.revoked", "revocation.created"]);
      // The same facts reach the event pipeline (batched), correlated to the revocation.
      await flushKillSwitchEvents();
      const stored = await w.scope.db.event.findMany({ where: { revocationId: created.id }, select: { type: true, actorIdentityId: true, personId: true } });
      expect(stored.map((e) => e.type).sort()).toEqual(["identity.revoked", "revocation.created"]);
      expect(stored.find((e) => e.type === "identity.revoked")).toMatchObject({ actorIdentityId: w.identity.id, personId: w.person.id });
      const again = await rest("POST", "/revocations", key.key, { scopeType: "identity", scopeId: w.identity.id, reason: "twice" });
      expect(again.status).toBe(409);
      const nothing = await rest("POST", "/revocations", key.key, { scopeType: "identity", reason: "no id" });
      expect(nothing.status).toBe(400);
      const readKey = await createApiKey({ scope: w.scope, name: "ro", keyScope: "read" });
      expect((await rest("POST", "/revocations", readKey.key, { scopeType: "device", scopeId: w.device.id, reason: "ro" })).status).toBe(403);
    } finally {
      off();
    }
  });

  it("tenant-wide needs an admin and the tenant slug typed; operators may revoke narrower scopes; auditors nothing", async () => {
    const w = await world();
    const operator = callerAs(await addMember({ tenantId: w.tenant.id, role: "operator" }));
    const auditor = callerAs(await addMember({ tenantId: w.tenant.id, role: "auditor" }));
    const owner = callerAs(w.owner);
    const slug = w.tenant.slug;
    await expect(operator.revocations.create({ tenantSlug: slug, scopeType: "tenant", reason: "incident", confirm: slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(owner.revocations.create({ tenantSlug: slug, scopeType: "tenant", reason: "incident", confirm: "wrong" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(auditor.revocations.create({ tenantSlug: slug, scopeType: "device", scopeId: w.device.id, reason: "x-x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await w.scope.db.revocation.count()).toBe(0);
    const preview = await auditor.revocations.preview({ tenantSlug: slug, scopeType: "tenant" });
    expect(preview).toMatchObject({ identities: 1, devices: 1, people: 1, matchesNothing: false });
    const r = await operator.revocations.create({ tenantSlug: slug, scopeType: "device", scopeId: w.device.id, reason: "lost laptop" });
    await expect(operator.revocations.restore({ tenantSlug: slug, id: r.id, reason: "found it" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const restored = await owner.revocations.restore({ tenantSlug: slug, id: r.id, reason: "found it" });
    expect(restored).toMatchObject({ identitiesRestored: 1, devicesNotified: 1 });
    await expect(owner.revocations.restore({ tenantSlug: slug, id: r.id, reason: "again" })).rejects.toMatchObject({ code: "CONFLICT" });
    const all = await owner.revocations.create({ tenantSlug: slug, scopeType: "tenant", reason: "incident", confirm: slug });
    expect(all.devicesTargeted).toBe(1);
  });

  it("the SIEM webhook revokes with a valid signature, is idempotent by ref, and refuses bad or stale signatures", async () => {
    const w = await world();
    const owner = callerAs(w.owner);
    const hook = await owner.revocations.createWebhook({ tenantSlug: w.tenant.slug, name: "Splunk SOAR" });
    expect(hook.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await owner.revocations.webhooks({ tenantSlug: w.tenant.slug }))).not.toContain(hook.secret);
    const body = { scopeType: "person", scopeId: w.person.id, reason: "impossible travel alert", ref: "alert-991" };

    const bad = await webhook({ hookId: hook.id, secret: "whsec_wrong", body });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/no signature matches/);
    const stale = await webhook({ hookId: hook.id, secret: hook.secret, body, at: new Date(Date.now() - 10 * 60_000) });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toMatch(/tolerance/);
    expect((await webhook({ hookId: hook.id, secret: hook.secret, body, signature: "" })).status).toBe(401);
    expect((await webhook({ hookId: "nope", secret: hook.secret, body })).status).toBe(401);
    expect((await webhook({ hookId: hook.id, secret: hook.secret, body: { ...body, scopeType: "galaxy" } })).status).toBe(400);
    expect(await w.scope.db.revocation.count()).toBe(0);

    const ok = await webhook({ hookId: hook.id, secret: hook.secret, body });
    expect(ok.status).toBe(201);
    const first = (await ok.json()) as { id: string; duplicate: boolean };
    const retry = await webhook({ hookId: hook.id, secret: hook.secret, body });
    expect(retry.status).toBe(200);
    expect((await retry.json()) as object).toMatchObject({ id: first.id, duplicate: true });
    const row = await w.scope.db.revocation.findFirstOrThrow({ where: { id: first.id } });
    expect(row).toMatchObject({ trigger: "siem", triggerRef: "alert-991", actorType: "webhook" });

    await owner.revocations.revokeWebhook({ tenantSlug: w.tenant.slug, id: hook.id });
    expect((await webhook({ hookId: hook.id, secret: hook.secret, body: { ...body, ref: "alert-992" } })).status).toBe(401);
  });
});
