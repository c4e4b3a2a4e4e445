"use client";
/** A stage's gate samples over time (Recharts): devices attested / failed, and error events, start failures, kill switches. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type TSample = { at: Date | string; targeted: number; attested: number; failed: number; startFailures: number; errorEvents: number; killSwitches: number };

export function GateMetricsChart({ samples }: { samples: TSample[] }) {
  const data = samples.map((s) => ({ ...s, t: new Date(s.at).toLocaleTimeString() }));
  if (data.length === 0) return <p className="text-sm text-slate-500">No gate measurements yet.</p>;
  return (
    <div className="h-56 w-full">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="t" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="stepAfter" dataKey="attested" stroke="#10b981" dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="failed" stroke="#ef4444" dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="errorEvents" name="error events" stroke="#f59e0b" dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="startFailures" name="start failures" stroke="#8b5cf6" dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="killSwitches" name="kill switches" stroke="#0f172a" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
