/**
 * Parses JSON with the relaxations agent config files use: comments and trailing commas (JSONC: Gemini,
 * opencode, Cursor), and JSON5's unquoted keys and single-quoted strings (OpenClaw's openclaw.json).
 * Throws SyntaxError when the text is not one of those.
 */
export function parseJsonc(options: { text: string }): unknown {
  const { text } = options;
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(normalizeJsonc(text));
  }
}

function normalizeJsonc(src: string): string {
  let out = "";
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      const quote = c;
      let j = i + 1;
      let body = "";
      while (j < n && src[j] !== quote) {
        if (src[j] === "\\" && j + 1 < n) {
          const next = src[j + 1]!;
          body += quote === "'" && next === "'" ? "'" : src[j]! + next;
          j += 2;
          continue;
        }
        body += quote === "'" && src[j] === '"' ? '\\"' : src[j]!;
        j++;
      }
      out += `"${body}"`;
      i = j + 1;
    } else if (c === "/" && src[i + 1] === "/") {
      while (i < n && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      i += 2;
      while (i < n && !(src[i] === "*" && src[i + 1] === "/")) i++;
      i += 2;
    } else if (/[A-Za-z_$]/.test(c) && /[{,]\s*$/.test(out)) {
      let j = i;
      while (j < n && /[\w$]/.test(src[j]!)) j++;
      const word = src.slice(i, j);
      const rest = src.slice(j).match(/^\s*:/);
      out += rest ? `"${word}"` : word;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}
