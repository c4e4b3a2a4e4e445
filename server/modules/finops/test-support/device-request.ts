/** Calls a device route handler in-process with a request signed by the device's key (the enroller's own signer). */
import type { KeyObject } from "node:crypto";
import { deviceAuthorization } from "@/agent-enroller/src/index";

export async function signedDeviceCall(opts: {
  handler: (req: Request) => Promise<Response>;
  path: string;
  device: { id: string; privateKey: KeyObject };
  body: unknown;
}): Promise<{ status: number; json: any; headers: Headers }> {
  const bytes = Buffer.from(JSON.stringify(opts.body));
  const authorization = deviceAuthorization({ deviceId: opts.device.id, privateKey: opts.device.privateKey, method: "POST", path: opts.path, body: bytes });
  const res = await opts.handler(
    new Request(`http://marshal.test${opts.path}`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: bytes }),
  );
  return { status: res.status, json: await res.json(), headers: res.headers };
}
