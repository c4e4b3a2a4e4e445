"use client";
/** Overview charts (Recharts): agents by product, devices by ring, new agents per day. */
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis, Legend } from "recharts";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

type TEstate = {
  agentsByProduct: { productSlug: string; displayName: string; count: number }[];
  devicesByRing: { ring: string; count: number }[];
  newAgentsPerDay: { day: string; count: number }[];
};

const RING_COLORS: Record<string, string> = { dev: "#94a3b8", staging: "#f59e0b", prod: "#4f46e5" };

export function EstateCharts({ estate }: { estate: TEstate }) {
  const noDevices = estate.devicesByRing.every((r) => r.count === 0);
  return (
    <div className="mt-6 grid gap-4 lg:grid-cols-3" data-testid="estate-charts">
      <Card className="lg:col-span-2">
        <CardHeader title="Agents by product" description="Installations across the estate" />
        <CardBody className="h-64" data-testid="chart-agents-by-product">
          {estate.agentsByProduct.length === 0 ? (
            <p className="text-sm text-slate-500">No agents discovered yet.</p>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={estate.agentsByProduct} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="displayName" tick={{ fontSize: 12 }} interval={0} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
                <Tooltip />
                <Bar dataKey="count" name="Installations" fill="#4f46e5" radius={[4, 4, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Devices by ring" />
        <CardBody className="h-64" data-testid="chart-devices-by-ring">
          {noDevices ? (
            <p className="text-sm text-slate-500">No devices enrolled yet.</p>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <PieChart>
                <Pie data={estate.devicesByRing.filter((r) => r.count > 0)} dataKey="count" nameKey="ring" innerRadius={50} outerRadius={80} label>
                  {estate.devicesByRing.filter((r) => r.count > 0).map((r) => (
                    <Cell key={r.ring} fill={RING_COLORS[r.ring] ?? "#64748b"} />
                  ))}
                </Pie>
                <Legend />
                <Tooltip />
              </PieChart>
            </ResponsiveContainer>
          )}
        </CardBody>
      </Card>
      <Card className="lg:col-span-3">
        <CardHeader title="New agents over time" description="Installations first seen per day, last 30 days" />
        <CardBody className="h-56" data-testid="chart-new-agents">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={estate.newAgentsPerDay} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
              <Tooltip />
              <Line type="linear" dataKey="count" name="New installations" stroke="#4f46e5" strokeWidth={2} dot={false} />
            </LineChart>
          </ResponsiveContainer>
        </CardBody>
      </Card>
    </div>
  );
}
