/**
 * SCIM filter parsing (RFC 7644 §3.4.2.2) with the `scim2-parse-filter` library, wrapped for two
 * gaps found while checking it against the filters Okta and Entra ID send:
 *
 * 1. `emails[type eq "work"].value eq "a@b.c"` — the form Entra ID uses to match on the work
 *    email — is parsed by the library into two *independent* conditions (`emails[type eq "work"]`
 *    AND `emails.value eq ...`), which would match a user whose work email differs from a home
 *    email that equals the value. The token stream is rewritten before parsing to
 *    `emails[(type eq "work") and value eq "a@b.c"]`, so both conditions apply to one email.
 * 2. The library's tokenizer doubles every backslash in a quoted string that is not followed by
 *    `"`, so JSON escapes such as `\\` or `\n` in a compValue do not decode as JSON (RFC 7644
 *    compValues are JSON values). The doubling is undone on each quoted token before parsing.
 *
 * Every failure, including anything the library throws, becomes ScimError(400, invalidFilter).
 */
import type { Filter } from "scim2-parse-filter";
import { parseFilter, tokenizer, Tokens, type Token } from "scim2-parse-filter/lib/src/parser.js";
import { SCIM_MAX_FILTER_LENGTH } from "./scim-constants";
import { ScimError } from "./scim-errors";

export type TScimFilter = Filter;

const COMPARISON_OPERATORS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"]);

/** Undo the library's backslash doubling (see 2. above): `\\` → `\`, `\"` stays. */
function restoreQuotedLiteral(literal: string): string {
  let out = "";
  for (let i = 0; i < literal.length; i++) {
    const ch = literal[i];
    if (ch === "\\" && i + 1 < literal.length) {
      out += literal[i + 1] === "\\" ? "\\" : `\\${literal[i + 1]}`;
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Rewrite `attr[F].sub op value` to `attr[(F) and sub op value]` (see 1. above). */
function correlateValuePathSubAttributes(tokens: Token[]): Token[] {
  const out: Token[] = [];
  const openBrackets: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === "Bracket" && token.literal === "[") {
      openBrackets.push(out.length);
      out.push(token);
      continue;
    }
    if (token.type === "Bracket" && token.literal === "].") {
      const open = openBrackets.pop();
      const sub = tokens[i + 1];
      const op = tokens[i + 2];
      const opName = op?.literal.toLowerCase() ?? "";
      const takesValue = COMPARISON_OPERATORS.has(opName);
      if (open === undefined || sub?.type !== "Word" || !(takesValue || opName === "pr")) {
        throw new ScimError(400, "invalidFilter", "A sub-attribute after ']' must be followed by an operator");
      }
      const value = takesValue ? tokens[i + 3] : undefined;
      if (takesValue && (value === undefined || value.type === "EOT")) {
        throw new ScimError(400, "invalidFilter", `Operator '${op.literal}' needs a value`);
      }
      out.splice(open + 1, 0, { type: "Bracket", literal: "(" });
      out.push({ type: "Bracket", literal: ")" }, { type: "Word", literal: "and" }, sub, op);
      if (value) out.push(value);
      out.push({ type: "Bracket", literal: "]" });
      i += takesValue ? 3 : 2;
      continue;
    }
    if (token.type === "Bracket" && token.literal === "]") openBrackets.pop();
    out.push(token);
  }
  return out;
}

function validateCompValues(tokens: Token[]): void {
  for (const token of tokens) {
    if (token.type !== "Quoted") continue;
    try {
      JSON.parse(token.literal);
    } catch {
      throw new ScimError(400, "invalidFilter", `Invalid string value ${token.literal}`);
    }
  }
}

/** Parse a SCIM filter expression into the library's AST; throws ScimError(400, invalidFilter). */
export function parseScimFilter(options: { filter: string }): TScimFilter {
  const { filter } = options;
  if (typeof filter !== "string" || filter.trim() === "") {
    throw new ScimError(400, "invalidFilter", "The filter is empty");
  }
  if (filter.length > SCIM_MAX_FILTER_LENGTH) {
    throw new ScimError(400, "invalidFilter", `The filter is longer than ${SCIM_MAX_FILTER_LENGTH} characters`);
  }
  try {
    const raw = tokenizer(filter).map((t) => (t.type === "Quoted" ? { ...t, literal: restoreQuotedLiteral(t.literal) } : t));
    validateCompValues(raw);
    const list = new Tokens(correlateValuePathSubAttributes(raw));
    const ast = parseFilter(list);
    if (list.peek().type !== "EOT") {
      throw new ScimError(400, "invalidFilter", `Unexpected '${list.peek().literal}' in the filter`);
    }
    return ast;
  } catch (error) {
    if (error instanceof ScimError) throw error;
    const reason = error instanceof Error ? error.message : "syntax error";
    throw new ScimError(400, "invalidFilter", `Invalid filter: ${reason.slice(0, 200)}`);
  }
}
