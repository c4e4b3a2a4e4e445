/**
 * Vendor request fixtures (`__fixtures__/<vendor>/*.json`): one file per request body that Okta
 * or Microsoft Entra ID documents, with the document it comes from. For tests (these and the
 * route's), never for production code paths.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const ZScimFixture = z.object({
  description: z.string(),
  source: z.object({ title: z.string(), url: z.url(), section: z.string().optional() }),
  request: z.object({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    path: z.string().startsWith("/scim/v2/"),
    query: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
  }),
});
export type TScimFixture = z.infer<typeof ZScimFixture> & { vendor: "okta" | "entra"; name: string };

const FIXTURES_DIR = path.join(import.meta.dirname, "__fixtures__");

export function loadScimFixtures(options: { vendor: "okta" | "entra" }): TScimFixture[] {
  const dir = path.join(FIXTURES_DIR, options.vendor);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({
      ...ZScimFixture.parse(JSON.parse(readFileSync(path.join(dir, file), "utf8"))),
      vendor: options.vendor,
      name: file.replace(/\.json$/, ""),
    }));
}
