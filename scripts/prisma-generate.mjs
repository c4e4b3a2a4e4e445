// postinstall: `prisma generate` for the WebAssembly client. Prisma 6.19's CLI tries to download a
// native engine when DATABASE_URL is unset (it cannot here), so give it a placeholder: generate
// never connects to a database.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL || "postgresql://generate-only@127.0.0.1:5432/unused", CHECKPOINT_DISABLE: "1" },
});
process.exit(result.status ?? 1);
