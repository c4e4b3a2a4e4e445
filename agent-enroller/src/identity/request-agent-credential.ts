/** `POST /api/device/v1/credentials`, signed with the device key like every device request. */
import type { KeyObject } from "node:crypto";
import { AGENT_CREDENTIALS_PATH, ZAgentCredentialResponse, type TAgentCredentialRequest, type TAgentCredentialResponse } from "../../../server/contracts/agent-identity";
import { ZDeviceApiError } from "../../../server/contracts/device";
import { DeviceApiError } from "../protocol/device-api-error";
import { deviceAuthorization } from "../protocol/device-jwt";

export async function requestAgentCredential(opts: {
  serverUrl: string;
  deviceId: string;
  privateKey: KeyObject;
  request: TAgentCredentialRequest;
  fetch?: typeof fetch;
}): Promise<TAgentCredentialResponse> {
  const body = Buffer.from(JSON.stringify(opts.request));
  const authorization = deviceAuthorization({ deviceId: opts.deviceId, privateKey: opts.privateKey, method: "POST", path: AGENT_CREDENTIALS_PATH, body });
  const res = await (opts.fetch ?? fetch)(opts.serverUrl + AGENT_CREDENTIALS_PATH, {
    method: "POST",
    headers: { authorization, "content-type": "application/json", accept: "application/json" },
    body: new Uint8Array(body),
    signal: AbortSignal.timeout(15_000),
  });
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = ZDeviceApiError.safeParse(json);
    throw new DeviceApiError({
      code: err.success ? err.data.error.code : `http_${res.status}`,
      status: res.status,
      message: `agent credentials refused: ${err.success ? err.data.error.message : `HTTP ${res.status}`}`,
    });
  }
  const parsed = ZAgentCredentialResponse.safeParse(json);
  if (!parsed.success) throw new DeviceApiError({ code: "bad_response", status: res.status, message: "the server answered the credentials request with an unexpected body" });
  return parsed.data;
}
