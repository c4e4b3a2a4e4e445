/**
 * Chargeback CSV (RFC 4180: CRLF line ends, fields with comma, quote or line break quoted, quotes doubled).
 * Cells that a spreadsheet would run as a formula (leading =, +, -, @, tab, CR) are prefixed with an apostrophe
 * (OWASP "CSV injection"): group and person names come from the directory, not from us.
 */
export type TChargebackRow = {
  businessUnit: string;
  project: string;
  person: string;
  personEmail: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheTokens: number;
  costUsd: number;
  sharePct: number;
};

const HEADER = ["period_start", "period_end", "business_unit", "project", "person", "person_email", "requests", "input_tokens", "output_tokens", "cache_tokens", "cost_usd", "share_pct"];

function cell(value: string | number): string {
  let s = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatChargebackCsv(opts: { from: Date; to: Date; rows: TChargebackRow[] }): string {
  const start = opts.from.toISOString().slice(0, 10);
  const end = new Date(opts.to.getTime() - 1).toISOString().slice(0, 10);
  const lines = [HEADER.join(",")];
  for (const r of opts.rows) {
    lines.push(
      [start, end, r.businessUnit, r.project, r.person, r.personEmail, r.requests, r.inputTokens, r.outputTokens, r.cacheTokens, r.costUsd.toFixed(6), r.sharePct.toFixed(2)].map(cell).join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
