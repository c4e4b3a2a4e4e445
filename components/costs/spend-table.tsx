import { formatUsd } from "./format-usd";

type TSlice = { key: string | null; label: string; usd: number; tokens: number; requests: number; unknownPriced: number };

/** One dimension's spend as a table (the charts' numbers, readable and searchable). */
export function SpendTable({ title, rows, testId }: { title: string; rows: TSlice[]; testId: string }) {
  return (
    <table className="w-full text-sm" data-testid={testId}>
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs uppercase text-slate-500">
          <th className="py-2 font-medium">{title}</th>
          <th className="py-2 text-right font-medium">Spend</th>
          <th className="py-2 text-right font-medium">Tokens</th>
          <th className="py-2 text-right font-medium">Requests</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className="py-3 text-slate-500">
              No usage in this period.
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key ?? "(none)"} className="border-b border-slate-100 last:border-0">
              <td className="py-2">
                {r.label}
                {r.unknownPriced > 0 ? <span className="ml-2 text-xs text-amber-700" title="Some requests used a model missing from the price table: priced at the provider's highest rate">unknown model price</span> : null}
              </td>
              <td className="py-2 text-right tabular-nums">{formatUsd(r.usd)}</td>
              <td className="py-2 text-right tabular-nums">{r.tokens.toLocaleString("en-US")}</td>
              <td className="py-2 text-right tabular-nums">{r.requests.toLocaleString("en-US")}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
