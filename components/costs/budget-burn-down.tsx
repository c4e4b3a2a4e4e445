"use client";
/** Budget burn-down (Recharts): cumulative spend this month against the straight line to the limit, and the forecast. */
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, Legend } from "recharts";
import { formatUsd } from "./format-usd";

export function BudgetBurnDown({ limitUsd, points }: { limitUsd: number; points: Array<{ day: string; spentUsd: number | null; idealUsd: number; forecastUsd: number | null }> }) {
  const money = (v: unknown) => formatUsd(Number(v));
  return (
    <div className="h-48">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ left: 8, right: 8, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 10 }} />
          <YAxis tickFormatter={money} tick={{ fontSize: 10 }} width={80} />
          <Tooltip formatter={money} />
          <Legend />
          <ReferenceLine y={limitUsd} stroke="#ef4444" strokeDasharray="4 4" label={{ value: "limit", fontSize: 10 }} />
          <Line dataKey="idealUsd" name="Even pace" stroke="#94a3b8" dot={false} strokeDasharray="3 3" />
          <Line dataKey="spentUsd" name="Spent" stroke="#4f46e5" dot={false} strokeWidth={2} connectNulls={false} />
          <Line dataKey="forecastUsd" name="Forecast" stroke="#f59e0b" dot={false} strokeDasharray="6 3" connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
