/**
 * Every event type the server or the enroller emits must be in the documented catalog: device
 * ingest refuses unknown types, so an uncatalogued type would silently never reach the SIEM.
 * (Found once: the enroller's enforcement events were refused at ingest.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_CATALOG } from "./events";

const root = path.resolve(import.meta.dirname, "../..");
const EMITTERS = /recordEvents|createDeviceEvent|emitDeviceEvents|storeEvents|TEventDraft|TDeviceEventInput|TDeviceEvent\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (["node_modules", "generated", "__golden__", "__fixtures__", "__reference__"].includes(name)) return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

describe("emitted event types", () => {
  it("are all in the catalog", () => {
    const files = ["server", "agent-enroller/src", "prisma/seed"].flatMap((d) => sourceFiles(path.join(root, d)));
    const unknown: string[] = [];
    let seen = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      if (!EMITTERS.test(text)) continue;
      for (const match of text.matchAll(/type: "([a-z_]+\.[a-z_]+)"/g)) {
        seen++;
        if (!(match[1]! in EVENT_CATALOG)) unknown.push(`${match[1]} (${path.relative(root, file)})`);
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });
});
