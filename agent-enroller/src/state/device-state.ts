/**
 * The enrolled device's state on disk: `state.json` (device id, server, ring, interval, last check-in) and
 * `device-key.pem` (the Ed25519 private key), both mode 0600 in a 0700 directory, written atomically.
 */
import type { KeyObject } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ZRing } from "../../../server/contracts/device";
import { exportPrivateKeyPem, importPrivateKeyPem } from "../protocol/device-keys";

export const ZDeviceState = z.object({
  deviceId: z.string().min(1),
  serverUrl: z.string().min(1),
  tenantSlug: z.string().min(1),
  ring: ZRing,
  checkinIntervalSec: z.number().int().positive(),
  enrolledAt: z.string(),
  lastCheckinAt: z.string().nullable().default(null),
  lastError: z.string().nullable().default(null),
  policyVersion: z.string().nullable().default(null),
});
export type TDeviceState = z.infer<typeof ZDeviceState>;

export const stateFiles = (stateDir: string) => ({
  state: path.join(stateDir, "state.json"),
  key: path.join(stateDir, "device-key.pem"),
  inventory: path.join(stateDir, "inventory.json"),
  machineId: path.join(stateDir, "machine-id"),
  spool: path.join(stateDir, "events.ndjson"),
});

export async function ensureStateDir(options: { stateDir: string }): Promise<void> {
  await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
}

/** Atomic write of a private file (0600): write to a temp name, then rename over the target. */
export async function writePrivateFile(options: { file: string; content: string }): Promise<void> {
  await mkdir(path.dirname(options.file), { recursive: true, mode: 0o700 });
  const tmp = `${options.file}.${process.pid}.tmp`;
  await writeFile(tmp, options.content, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, options.file);
}

export async function readDeviceState(options: { stateDir: string }): Promise<TDeviceState | null> {
  let text: string;
  try {
    text = await readFile(stateFiles(options.stateDir).state, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const parsed = ZDeviceState.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${stateFiles(options.stateDir).state} is damaged (${parsed.error.issues[0]?.message}); enroll again`);
  return parsed.data;
}

export async function writeDeviceState(options: { stateDir: string; state: TDeviceState }): Promise<void> {
  await writePrivateFile({ file: stateFiles(options.stateDir).state, content: `${JSON.stringify(ZDeviceState.parse(options.state), null, 2)}\n` });
}

export async function readDeviceKey(options: { stateDir: string }): Promise<KeyObject> {
  const file = stateFiles(options.stateDir).key;
  let pem: string;
  try {
    pem = await readFile(file, "utf8");
  } catch {
    throw new Error(`device key ${file} is missing; enroll again`);
  }
  return importPrivateKeyPem({ pem });
}

export async function writeDeviceKey(options: { stateDir: string; privateKey: KeyObject }): Promise<void> {
  await writePrivateFile({ file: stateFiles(options.stateDir).key, content: exportPrivateKeyPem({ key: options.privateKey }) });
}

/** Forgets the enrollment (state and key); keeps machine-id so a later enroll is the same machine. */
export async function clearEnrollment(options: { stateDir: string }): Promise<void> {
  const files = stateFiles(options.stateDir);
  await rm(files.state, { force: true });
  await rm(files.key, { force: true });
}
