/**
 * Fan-out of device commands between console nodes through PostgreSQL LISTEN/NOTIFY.
 *
 * One `pg` connection per server process LISTENs on `marshal_device_commands` (reconnecting with backoff) and
 * also sends the NOTIFYs. A notification names the tenant and the (device, command) pairs just committed, never
 * the command itself: the node holding a device's stream loads the rows, so a lost notification loses nothing
 * (the sweeper in device-streams.ts re-sends pending rows) and payloads stay far below Postgres' 8000-byte limit.
 * Docs: PostgreSQL "NOTIFY" (payload < 8000 bytes, delivered at commit, in order per sending session).
 */
import pg from "pg";

export const COMMAND_CHANNEL = "marshal_device_commands";
const MAX_PAYLOAD_BYTES = 7000;

export type TCommandNotice = { tenantId: string; commands: { id: string; deviceId: string }[] };
type TListener = (notice: TCommandNotice) => void;

/** Splits a notice into NOTIFY payloads under the size limit: `{"t":tenant,"c":[[deviceId,commandId],...]}`. */
export function encodeCommandNotices(opts: TCommandNotice): string[] {
  const out: string[] = [];
  let batch: [string, string][] = [];
  let size = 0;
  const flush = () => {
    if (batch.length) out.push(JSON.stringify({ t: opts.tenantId, c: batch }));
    batch = [];
    size = 0;
  };
  for (const c of opts.commands) {
    const entry: [string, string] = [c.deviceId, c.id];
    const entrySize = JSON.stringify(entry).length + 1;
    if (size + entrySize + opts.tenantId.length + 20 > MAX_PAYLOAD_BYTES) flush();
    batch.push(entry);
    size += entrySize;
  }
  flush();
  return out;
}

export function decodeCommandNotice(opts: { payload: string }): TCommandNotice | null {
  try {
    const raw = JSON.parse(opts.payload) as { t?: unknown; c?: unknown };
    if (typeof raw.t !== "string" || !Array.isArray(raw.c)) return null;
    const commands = raw.c
      .filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string")
      .map(([deviceId, id]) => ({ deviceId, id }));
    return { tenantId: raw.t, commands };
  } catch {
    return null;
  }
}

export class CommandBus {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly listeners = new Set<TListener>();
  private closed = false;
  private attempt = 0;
  private reconnectListeners = new Set<() => void>();

  constructor(private readonly connectionString: string) {}

  /** Subscribes to every notice (from this node and the others). Returns the unsubscribe function. */
  subscribe(listener: TListener): () => void {
    this.listeners.add(listener);
    void this.connection().catch(() => {});
    return () => this.listeners.delete(listener);
  }

  /** Called after every (re)connection: notifications sent while disconnected are lost, so holders re-sweep. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Sends the notices. Call only after the rows are committed. */
  async publish(notice: TCommandNotice): Promise<void> {
    if (notice.commands.length === 0) return;
    const client = await this.connection();
    for (const payload of encodeCommandNotices(notice)) {
      await client.query("SELECT pg_notify($1, $2)", [COMMAND_CHANNEL, payload]);
    }
  }

  /** Resolves once LISTEN is in effect. */
  async ready(): Promise<void> {
    await this.connection();
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true });
    client.on("notification", (msg) => {
      if (msg.channel !== COMMAND_CHANNEL || !msg.payload) return;
      const notice = decodeCommandNotice({ payload: msg.payload });
      if (!notice) return;
      for (const l of this.listeners) {
        try {
          l(notice);
        } catch (err) {
          console.error("[command-bus] listener failed", err);
        }
      }
    });
    const onLost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => {});
      if (this.closed) return;
      if (err) console.error(`[command-bus] LISTEN connection lost: ${err.message}; reconnecting`);
      this.scheduleReconnect();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    await client.connect();
    await client.query(`LISTEN ${COMMAND_CHANNEL}`);
    this.client = client;
    const wasReconnect = this.attempt > 0;
    this.attempt = 0;
    if (wasReconnect) for (const l of this.reconnectListeners) l();
    return client;
  }

  private scheduleReconnect() {
    const delay = Math.min(10_000, 200 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt++;
    setTimeout(() => {
      if (this.closed || this.client) return;
      this.connection().catch((err) => {
        console.error(`[command-bus] reconnect failed: ${(err as Error).message}`);
        this.scheduleReconnect();
      });
    }, delay).unref();
  }
}

const globalBus = globalThis as unknown as { __marshalCommandBus?: CommandBus };

/** The process-wide bus (one LISTEN connection per process, shared across route bundles via globalThis). */
export function commandBus(): CommandBus {
  if (!globalBus.__marshalCommandBus) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    globalBus.__marshalCommandBus = new CommandBus(url);
  }
  return globalBus.__marshalCommandBus;
}
