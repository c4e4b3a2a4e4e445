/** A change's diff against the revision every other ring keeps: one row per changed setting. */
export function RevisionDiff({ change }: { change: { kind: string; target: string; baseVersion: number | null; version: number | null; diff: { path: string; before: unknown; after: unknown }[] } }) {
  const label = change.kind === "policy" ? `${change.target} policy: revision ${change.baseVersion ?? "none"} → ${change.version}` : `registry entry ${change.target}`;
  return (
    <div className="mb-4">
      <p className="mb-2 text-sm font-medium text-slate-700">{label}</p>
      <table className="w-full text-left font-mono text-xs">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">setting</th>
            <th className="py-1 pr-3 font-medium">before</th>
            <th className="py-1 font-medium">after</th>
          </tr>
        </thead>
        <tbody>
          {change.diff.map((d) => (
            <tr key={d.path} className="border-t border-slate-100 align-top">
              <td className="py-1 pr-3 text-slate-700">{d.path}</td>
              <td className="py-1 pr-3 whitespace-pre-wrap text-red-700">{JSON.stringify(d.before, null, 1)}</td>
              <td className="py-1 whitespace-pre-wrap text-emerald-700">{JSON.stringify(d.after, null, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
