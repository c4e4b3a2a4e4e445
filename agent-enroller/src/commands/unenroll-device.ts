/** `unenroll`: tells the server to forget this device, then forgets the enrollment locally. */
import { clearEnrollment } from "../state/device-state";
import { loadEnrollmentContext } from "./enrollment-context";

export async function unenrollDevice(options: { stateDir: string; fetch?: typeof fetch; localOnly?: boolean }): Promise<{ deviceId: string }> {
  const ctx = await loadEnrollmentContext(options);
  if (!options.localOnly) await ctx.client.unenroll();
  await clearEnrollment({ stateDir: options.stateDir });
  return { deviceId: ctx.state.deviceId };
}
