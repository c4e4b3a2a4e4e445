"use client";
/** Costs charts (Recharts): spend per day with anomaly days marked, spend by person and by business unit. */
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, Pie, PieChart, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis, Legend } from "recharts";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatUsd } from "./format-usd";

type TSlice = { key: string | null; label: string; usd: number };
const PALETTE = ["#4f46e5", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#64748b"];

export function SpendCharts({ daily, byPerson, byBusinessUnit }: { daily: Array<{ day: string; usd: number; anomaly: boolean }>; byPerson: TSlice[]; byBusinessUnit: TSlice[] }) {
  const money = (v: unknown) => formatUsd(Number(v));
  return (
    <div className="grid gap-4 lg:grid-cols-3" data-testid="costs-charts">
      <Card className="lg:col-span-3">
        <CardHeader title="Spend over time" description="USD per day; red dots mark anomalies (a day above the multiple of its trailing 7-day average)" />
        <CardBody className="h-64" data-testid="chart-spend-over-time">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={daily} margin={{ left: 8, right: 8, top: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={money} tick={{ fontSize: 11 }} width={80} />
              <Tooltip formatter={money} />
              <Line type="monotone" dataKey="usd" name="Spend" stroke="#4f46e5" dot={false} strokeWidth={2} />
              {daily.filter((d) => d.anomaly).map((d) => (
                <ReferenceDot key={d.day} x={d.day} y={d.usd} r={5} fill="#ef4444" stroke="none" />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </CardBody>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader title="By person" description="Top spenders in the period" />
        <CardBody className="h-64" data-testid="chart-by-person">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={byPerson.slice(0, 12)} margin={{ left: 8, right: 8, top: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
              <YAxis tickFormatter={money} tick={{ fontSize: 11 }} width={80} />
              <Tooltip formatter={money} />
              <Bar dataKey="usd" name="Spend" fill="#4f46e5" radius={[4, 4, 0, 0]} />
            </BarChart>
          </ResponsiveContainer>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="By business unit" />
        <CardBody className="h-64" data-testid="chart-by-business-unit">
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie data={byBusinessUnit} dataKey="usd" nameKey="label" innerRadius={45} outerRadius={80}>
                {byBusinessUnit.map((s, i) => (
                  <Cell key={s.key ?? "none"} fill={PALETTE[i % PALETTE.length]} />
                ))}
              </Pie>
              <Legend />
              <Tooltip formatter={money} />
            </PieChart>
          </ResponsiveContainer>
        </CardBody>
      </Card>
    </div>
  );
}
