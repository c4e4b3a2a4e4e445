import { createHash } from "node:crypto";

/**
 * The attestation hash of a compiled policy: sha256 over one line per file,
 * `<file key>\t<sha256 of its exact bytes>`, sorted by key, then one line per
 * environment variable, `env\t<NAME>=<value>`, sorted by name.
 *
 * The file key is the file's Linux path, a stable name for "the same file" on every OS, so
 * the enroller can recompute the hash from what it reads back from disk (on any OS) and
 * compare it with the expected one.
 */
export function computePolicyHash({
  files,
  env,
}: {
  files: ReadonlyArray<{ key: string; content: string }>;
  env?: Readonly<Record<string, string>>;
}): string {
  const fileLines = files
    .map(({ key, content }) => `${key}\t${sha256Hex({ data: content })}`)
    .sort();
  const envLines = Object.entries(env ?? {})
    .map(([name, value]) => `env\t${name}=${value}`)
    .sort();
  return sha256Hex({ data: [...fileLines, ...envLines].join("\n") });
}

export function sha256Hex({ data }: { data: string }): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}
