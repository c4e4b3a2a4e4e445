/**
 * A PATCH `path` (RFC 7644 §3.5.2: `attrPath / valuePath [subAttr]`), e.g. `title`,
 * `name.givenName`, `emails[type eq "work"].value`, `members[value eq "2819c223"]`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`. A malformed path or
 * value filter throws ScimError(400, invalidPath).
 */
import { ScimError } from "./scim-errors";
import { parseScimFilter, type TScimFilter } from "./parse-scim-filter";

export type TScimPatchPath = { attrPath: string; filter?: TScimFilter; subAttr?: string };

const ATTR_PATH = /^[A-Za-z$][\w$:.-]*$/;

function invalidPath(detail: string): never {
  throw new ScimError(400, "invalidPath", detail);
}

export function parseScimPatchPath(options: { path: string }): TScimPatchPath {
  const path = options.path.trim();
  if (path === "") return invalidPath("The path is empty");
  const open = path.indexOf("[");
  if (open === -1) {
    if (!ATTR_PATH.test(path)) return invalidPath(`'${path}' is not a valid attribute path`);
    return { attrPath: path };
  }
  const attrPath = path.slice(0, open);
  if (!ATTR_PATH.test(attrPath)) return invalidPath(`'${attrPath}' is not a valid attribute path`);
  let close = -1;
  let quoted = false;
  for (let i = open + 1; i < path.length; i++) {
    const ch = path[i];
    if (quoted && ch === "\\") i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "[") return invalidPath("Nested value filters are not allowed");
    else if (!quoted && ch === "]") {
      close = i;
      break;
    }
  }
  if (close === -1) return invalidPath(`Unclosed '[' in '${path}'`);
  let filter: TScimFilter;
  try {
    filter = parseScimFilter({ filter: path.slice(open + 1, close) });
  } catch (error) {
    return invalidPath(`Invalid value filter in '${path}': ${error instanceof ScimError ? error.detail : "syntax error"}`);
  }
  const rest = path.slice(close + 1);
  if (rest === "") return { attrPath, filter };
  if (!/^\.[A-Za-z$][\w$]*$/.test(rest)) return invalidPath(`Unexpected '${rest}' after the value filter`);
  return { attrPath, filter, subAttr: rest.slice(1) };
}
