/**
 * marshal-enroller: the Marshal endpoint client.
 *   enroll --server URL --token T   register this device
 *   run [--gateway-port N|off] [--otlp-port N|off]
 *                                  check in, hold the command stream, send events (the service loop); the agent
 *                                  gateway listens on 127.0.0.1:N (default 47821, or $MARSHAL_GATEWAY_PORT) and agents'
 *                                  OpenTelemetry is received on 127.0.0.1:N (default 4318, or $MARSHAL_OTLP_PORT)
 *   gateway [--gateway-port N]      only the agent gateway (when the service loop runs elsewhere without one)
 *   agent-token --product SLUG      print a fresh short-lived agent token (Claude Code's apiKeyHelper calls this)
 *   checkin                         one check-in now
 *   status                          what the enroller knows about itself
 *   scan                            print discovered agents as JSON; sends nothing
 *   unenroll                        tell the server to forget this device and remove local state
 * Common option: --state-dir DIR (else $MARSHAL_HOME, ~/.marshal, or /var/lib/marshal as root).
 * Environment: MARSHAL_GATEWAY_PORT, MARSHAL_OTLP_PORT, MARSHAL_GATEWAY_UPSTREAM_ANTHROPIC|OPENAI|GEMINI (vendor
 * API base URLs, e.g. an egress proxy), MARSHAL_ENFORCEMENT_ROOT (prefix for managed-settings paths; tests).
 */
import { parseArgs } from "node:util";
import { checkinOnce } from "./commands/checkin-once";
import { enrollDevice } from "./commands/enroll-device";
import { loadEnrollmentContext } from "./commands/enrollment-context";
import { readStatus } from "./commands/read-status";
import { unenrollDevice } from "./commands/unenroll-device";
import { scanDevice } from "./discovery/scan-device";
import { createCommandHandlers, dispatchCommand } from "./loop/command-handlers";
import { runEnroller } from "./loop/run-enroller";
import { printAgentToken, runDeviceGateway } from "./gateway-wiring/run-device-gateway";
import { DEFAULT_GATEWAY_PORT } from "./gateway-wiring/start-device-gateway";
import { resolveStateDir } from "./state/resolve-state-dir";
import { ENROLLER_VERSION } from "./version";

const USAGE = `marshal-enroller ${ENROLLER_VERSION}
usage: marshal-enroller <command> [options]
  enroll --server URL --token TOKEN   register this device with the Marshal console
  run [--gateway-port N|off] [--otlp-port N|off]
                                      run the check-in loop (use as a service), the agent gateway on 127.0.0.1:N
                                      (default ${DEFAULT_GATEWAY_PORT}) and agents' OTLP receiver on 127.0.0.1:N (default 4318)
  gateway [--gateway-port N]          run only the agent gateway
  agent-token --product SLUG          print a fresh agent token for an agent product (for apiKeyHelper / env_key)
  checkin                             check in once
  status                              show enrollment, last check-in and buffered events
  scan                                print discovered AI agents as JSON (sends nothing)
  unenroll [--local]                  unenroll (--local: only forget the local enrollment)
options: --state-dir DIR   --json   --help`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      server: { type: "string" },
      token: { type: "string" },
      "state-dir": { type: "string" },
      json: { type: "boolean", default: false },
      local: { type: "boolean", default: false },
      "otlp-port": { type: "string" },
      "gateway-port": { type: "string" },
      product: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
      version: { type: "boolean", short: "v", default: false },
    },
  });
  if (values.version) {
    console.log(ENROLLER_VERSION);
    return 0;
  }
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const stateDir = values["state-dir"] ?? resolveStateDir();
  switch (command) {
    case "enroll": {
      if (!values.server) throw new UsageError("enroll needs --server URL (the Marshal console address)");
      if (!values.token) throw new UsageError("enroll needs --token TOKEN (from the console's enrollment page)");
      const { state } = await enrollDevice({ stateDir, serverUrl: values.server, token: values.token });
      console.log(`enrolled: device ${state.deviceId} in tenant ${state.tenantSlug} (ring ${state.ring}); state in ${stateDir}`);
      try {
        const ctx = await loadEnrollmentContext({ stateDir });
        const r = await checkinOnce({ ctx });
        console.log(`first check-in: ${r.inventory.installations.length} agent installations reported`);
      } catch (err) {
        console.error(`warning: first check-in failed, \`run\` will retry: ${(err as Error).message}`);
      }
      return 0;
    }
    case "checkin": {
      const ctx = await loadEnrollmentContext({ stateDir });
      const r = await checkinOnce({ ctx });
      const handlers = createCommandHandlers();
      let unenroll = false;
      for (const c of r.response.commands) {
        const o = await dispatchCommand({ command: c, handlers, env: { client: ctx.client, requestCheckin: () => {}, requestUnenroll: () => (unenroll = true) } });
        console.log(`command ${c.type} ${c.id}: ${o.status}`);
      }
      if (unenroll) await unenrollDevice({ stateDir, localOnly: true });
      console.log(
        values.json
          ? JSON.stringify({ installations: r.inventory.installations.length, commands: r.response.commands.length, events: r.flush })
          : `checked in: ${r.inventory.installations.length} agent installations, ${r.response.commands.length} commands, ${r.flush?.accepted ?? 0} events sent${r.flushError ? ` (events not sent: ${r.flushError})` : ""}`,
      );
      return 0;
    }
    case "run": {
      const controller = new AbortController();
      for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort());
      const otlp = portOption({ name: "--otlp-port", value: values["otlp-port"] ?? process.env.MARSHAL_OTLP_PORT ?? "4318", allowOff: true });
      const gatewayPort = portOption({ name: "--gateway-port", value: values["gateway-port"] ?? process.env.MARSHAL_GATEWAY_PORT ?? String(DEFAULT_GATEWAY_PORT), allowOff: true });
      const r = await runEnroller({
        stateDir,
        signal: controller.signal,
        ...(otlp === null ? {} : { otlpPort: otlp }),
        ...(gatewayPort === null ? {} : { gatewayPort }),
        // Prefix for the system paths managed settings go to (containers, tests); unset: the real /etc paths.
        ...(process.env.MARSHAL_ENFORCEMENT_ROOT ? { enforcementRoot: process.env.MARSHAL_ENFORCEMENT_ROOT } : {}),
      });
      console.error(`[marshal-enroller] exiting: ${r.reason}`);
      return 0;
    }
    case "gateway": {
      const port = portOption({ name: "--gateway-port", value: values["gateway-port"] ?? process.env.MARSHAL_GATEWAY_PORT ?? String(DEFAULT_GATEWAY_PORT), allowOff: false });
      const controller = new AbortController();
      for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort());
      await runDeviceGateway({ stateDir, signal: controller.signal, ...(port === null ? {} : { port }) });
      return 0;
    }
    case "agent-token": {
      if (!values.product) throw new UsageError("agent-token needs --product SLUG (e.g. claude-code, codex-cli, gemini-cli)");
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(values.product)) throw new UsageError(`--product must be a catalog slug such as claude-code, not "${values.product}"`);
      // stdout carries the token and nothing else: Claude Code's apiKeyHelper uses the whole output as the key.
      process.stdout.write(await printAgentToken({ stateDir, productSlug: values.product }));
      return 0;
    }
    case "status": {
      const s = await readStatus({ stateDir });
      if (values.json) console.log(JSON.stringify(s, null, 2));
      else if (!s.state) console.log(`not enrolled (state dir ${stateDir})`);
      else
        console.log(
          [
            `device ${s.state.deviceId} · tenant ${s.state.tenantSlug} · ring ${s.state.ring}`,
            `server ${s.state.serverUrl} · check-in every ${s.state.checkinIntervalSec} s`,
            `last check-in ${s.state.lastCheckinAt ?? "never"}${s.state.lastError ? ` · last error: ${s.state.lastError}` : ""}`,
            `inventory ${s.inventory ? `${s.inventory.installations} installations at ${s.inventory.scannedAt}` : "none yet"}`,
            `events buffered ${s.spool.count}${s.spool.dropped ? ` (${s.spool.dropped} dropped, will be reported)` : ""}`,
          ].join("\n"),
        );
      return 0;
    }
    case "scan": {
      const r = await scanDevice();
      console.log(JSON.stringify(r.inventory, null, 2));
      for (const p of r.problems) console.error(`warning: ${p}`);
      return 0;
    }
    case "unenroll": {
      const r = await unenrollDevice({ stateDir, localOnly: values.local });
      console.log(`unenrolled device ${r.deviceId}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

/** A loopback port option: 0..65535, or "off" where allowed (null). */
function portOption({ name, value, allowOff }: { name: string; value: string; allowOff: boolean }): number | null {
  if (allowOff && value === "off") return null;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`${name} must be a port number${allowOff ? ' or "off"' : ""}, not "${value}"`);
  return Number(value);
}

const isEntry = (() => {
  const arg = process.argv[1] ?? "";
  return /marshal-enroller(\.mjs)?$|cli\.ts$/.test(arg);
})();

if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`marshal-enroller: error: ${err.message}`);
      if (err instanceof UsageError || (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") console.error(USAGE);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
