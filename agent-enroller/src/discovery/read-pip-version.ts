/**
 * Version of a pip-installed distribution, read from its `<name>-<version>.dist-info` folder (PEP 376/427)
 * in the site-packages of the interpreter named by the script's shebang, or the user site.
 */
import path from "node:path";
import { tryReadText, tryReaddir } from "./fs-probe";

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "_");
}

export async function findSitePackages(options: { pythonPath: string; home: string }): Promise<string[]> {
  const roots = [path.dirname(path.dirname(options.pythonPath)), path.join(options.home, ".local")];
  const out: string[] = [];
  for (const root of roots) {
    for (const lib of ["lib", "lib64"]) {
      for (const py of await tryReaddir(path.join(root, lib))) {
        if (py.startsWith("python")) out.push(path.join(root, lib, py, "site-packages"));
      }
    }
    out.push(path.join(root, "Lib", "site-packages"));
  }
  return out;
}

export async function readPipVersion(options: { sitePackages: string[]; distribution: string }): Promise<string | null> {
  const want = normalize(options.distribution);
  for (const sp of options.sitePackages) {
    for (const name of await tryReaddir(sp)) {
      const m = name.match(/^(.+?)-([^-]+)\.dist-info$/);
      if (!m || normalize(m[1]!) !== want) continue;
      const meta = await tryReadText(path.join(sp, name, "METADATA"));
      const v = meta?.match(/^Version:\s*(\S+)/m);
      return v ? v[1]! : m[2]!;
    }
  }
  return null;
}

/** The interpreter from a `#!` line (`#!/path/python3` or `#!/usr/bin/env python3` gives null). */
export async function readShebangPython(options: { file: string }): Promise<string | null> {
  const text = await tryReadText(options.file, 1024 * 1024);
  const first = text?.split("\n", 1)[0] ?? "";
  const m = first.match(/^#!\s*(\S*python[\d.]*)\b/);
  return m && path.isAbsolute(m[1]!) ? m[1]! : null;
}
