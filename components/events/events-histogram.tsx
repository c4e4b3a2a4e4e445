"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type TPoint = { time: string; info: number; low: number; medium: number; high: number; critical: number; total: number };

const SERIES = [
  { key: "info", color: "#94a3b8" },
  { key: "low", color: "#38bdf8" },
  { key: "medium", color: "#f59e0b" },
  { key: "high", color: "#f97316" },
  { key: "critical", color: "#dc2626" },
] as const;

export function EventsHistogram({ points, bucketSeconds }: { points: TPoint[]; bucketSeconds: number }) {
  const label = (iso: string) => {
    const d = new Date(iso);
    return bucketSeconds >= 86400 ? d.toLocaleDateString() : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  };
  return (
    <div className="h-40 w-full" data-testid="events-histogram">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="time" tickFormatter={label} fontSize={11} minTickGap={24} />
          <YAxis allowDecimals={false} fontSize={11} width={40} />
          <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} stackId="severity" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
