/**
 * Facts the device reports at enrollment. The machine id is stable across re-enrollment so the console never
 * shows a ghost duplicate: /etc/machine-id (Linux), IOPlatformUUID (macOS), MachineGuid (Windows), or a random
 * UUID persisted in the state directory when none of those can be read.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import type { TMachineFacts } from "../protocol/device-client";
import { toDeviceOs } from "../discovery/scan-context";
import { stateFiles, writePrivateFile } from "./device-state";

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => execFile(file, args, { timeout: 5000, windowsHide: true }, (_e, out) => resolve(out ?? "")));
}

async function readOsMachineId(platform: NodeJS.Platform): Promise<string | null> {
  if (platform === "linux") {
    for (const f of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
      try {
        const id = (await readFile(f, "utf8")).trim();
        if (/^[0-9a-f]{32}$/i.test(id)) return id.toLowerCase();
      } catch {
        /* next */
      }
    }
    return null;
  }
  if (platform === "darwin") {
    const out = await run("ioreg", ["-rd1", "-c", "IOPlatformExpertDevice"]);
    return out.match(/"IOPlatformUUID"\s*=\s*"([^"]+)"/)?.[1] ?? null;
  }
  if (platform === "win32") {
    const out = await run("reg", ["query", "HKLM\\SOFTWARE\\Microsoft\\Cryptography", "/v", "MachineGuid"]);
    return out.match(/MachineGuid\s+REG_SZ\s+(\S+)/)?.[1] ?? null;
  }
  return null;
}

export async function readMachineId(options: { stateDir: string; platform?: NodeJS.Platform; useOsId?: boolean }): Promise<string> {
  if (options.useOsId !== false) {
    const id = await readOsMachineId(options.platform ?? process.platform);
    if (id) return id;
  }
  const file = stateFiles(options.stateDir).machineId;
  try {
    const saved = (await readFile(file, "utf8")).trim();
    if (saved) return saved;
  } catch {
    /* create below */
  }
  const id = randomUUID();
  await writePrivateFile({ file, content: `${id}\n` });
  return id;
}

export async function readMachineFacts(options: { stateDir: string }): Promise<TMachineFacts> {
  let username = "";
  try {
    username = os.userInfo().username;
  } catch {
    username = process.env.USER ?? process.env.USERNAME ?? "";
  }
  return {
    machineId: await readMachineId({ stateDir: options.stateDir }),
    hostname: os.hostname() || "unknown",
    os: toDeviceOs(process.platform),
    osVersion: `${os.type()} ${os.release()}`.slice(0, 200),
    arch: os.arch(),
    username,
  };
}
