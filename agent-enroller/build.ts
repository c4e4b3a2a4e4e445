/**
 * Bundles the enroller into one file, agent-enroller/dist/marshal-enroller.mjs (Node 20+, no dependencies
 * at run time), which the console serves to `enroll.sh` along with its sha256.
 * Run: node --import tsx agent-enroller/build.ts
 */
import { createHash } from "node:crypto";
import { chmodSync, readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const here = import.meta.dirname;
export const ENROLLER_BUNDLE = path.join(here, "dist", "marshal-enroller.mjs");

export async function buildEnroller(options: { outfile?: string; minify?: boolean } = {}): Promise<{ outfile: string; sha256: string; bytes: number }> {
  const outfile = options.outfile ?? ENROLLER_BUNDLE;
  await build({
    entryPoints: [path.join(here, "src", "cli.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: options.minify ?? true,
    legalComments: "none",
    banner: {
      // ESM bundles of CommonJS dependencies may call require(); give them one.
      js: "#!/usr/bin/env node\nimport { createRequire as __marshalCreateRequire } from 'node:module'; const require = __marshalCreateRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  chmodSync(outfile, 0o755);
  const content = readFileSync(outfile);
  return { outfile, sha256: createHash("sha256").update(content).digest("hex"), bytes: content.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const r = await buildEnroller();
  console.log(`${r.outfile} ${r.bytes} bytes sha256 ${r.sha256}`);
}
