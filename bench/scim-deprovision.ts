/**
 * Deprovision-to-stopped latency: from sending a person's `active=false` SCIM PATCH (Okta's body)
 * to every one of that person's connected devices having run the enroller's revoke handler and had
 * its final ack accepted (the proof of stop). Devices are the enroller's own DeviceClient command
 * streams in this process; the server (SCIM + command stream + ack routes, LISTEN/NOTIFY fan-out)
 * runs in a child process on loopback. Target: p99 <= 2 s. Options: --people=N (default 30),
 * --devices=D per person (default 2). People are deprovisioned one after another.
 */
import { performance } from "node:perf_hooks";
import { addDevice, addIdentity } from "../server/modules/revocations/test-support/kill-switch-fixtures";
import { benchNumber, percentiles, withScimBench } from "../server/modules/scim/bench-support/scim-bench-harness";
import { startSimulatedDevice } from "../server/modules/scim/bench-support/simulated-device";

export async function run(opts: Record<string, unknown> = {}) {
  const people = benchNumber("people", 30, opts);
  const perPerson = benchNumber("devices", 2, opts);
  return withScimBench(async ({ url, token, scope }) => {
    const send = async (method: string, path: string, body?: unknown) => {
      const t0 = performance.now();
      const res = await fetch(`${url}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as { id: string };
      return { status: res.status, json, ms: performance.now() - t0, t0 };
    };
    const fleet: Array<{ personId: string; devices: ReturnType<typeof startSimulatedDevice>[] }> = [];
    for (let p = 0; p < people; p++) {
      const person = (await send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `leaver${p}-${Date.now()}@bench.test` })).json;
      const devices = [];
      for (let d = 0; d < perPerson; d++) {
        const device = await addDevice({ scope, ownerPersonId: person.id });
        await addIdentity({ scope, deviceId: device.id, personId: person.id, productSlug: d % 2 ? "codex-cli" : "claude-code" });
        devices.push(startSimulatedDevice({ serverUrl: url, deviceId: device.id, privateKey: device.privateKey }));
      }
      fleet.push({ personId: person.id, devices });
    }
    try {
      await Promise.all(fleet.flatMap((f) => f.devices.map((d) => d.connected)));
      const toStopped: number[] = [];
      const scimResponse: number[] = [];
      let failures = 0;
      for (const { personId, devices } of fleet) {
        const r = await send("PATCH", `/Users/${personId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] });
        if (r.status !== 200) {
          failures++;
          continue;
        }
        scimResponse.push(r.ms);
        const stoppedAt = await Promise.race([
          Promise.all(devices.map((d) => d.stopped)).then((times) => Math.max(...times)),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000)),
        ]);
        if (stoppedAt === null) failures++;
        else toStopped.push(stoppedAt - r.t0);
      }
      return {
        server: "SCIM + device command routes in a child process (node:http on loopback), real PostgreSQL, LISTEN/NOTIFY",
        people,
        devicesPerPerson: perPerson,
        connectedDevices: people * perPerson,
        failures,
        scimPatchMs: percentiles(scimResponse),
        deprovisionToStoppedMs: percentiles(toStopped),
        target: "deprovision-to-stopped p99 <= 2 s",
      };
    } finally {
      await Promise.all(fleet.flatMap((f) => f.devices.map((d) => d.close())));
    }
  });
}
