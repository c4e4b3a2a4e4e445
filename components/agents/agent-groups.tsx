import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";

type TAgentGroup = {
  productSlug: string;
  displayName: string;
  vendor: string | null;
  installations: number;
  running: number;
  versions: { version: string | null; installations: number; running: number; lastSeenAt: Date | null }[];
};

export function AgentGroups({ tenantSlug, groups }: { tenantSlug: string; groups: TAgentGroup[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="agent-groups">
      {groups.map((g) => (
        <Card key={g.productSlug} data-testid={`agent-group-${g.productSlug}`}>
          <CardHeader
            title={g.displayName}
            description={`${g.vendor ?? "Unknown vendor"} · ${g.installations} installation${g.installations === 1 ? "" : "s"} · ${g.running} running`}
            actions={
              <Link href={`/${tenantSlug}/devices?agent=${encodeURIComponent(g.productSlug)}`} className="text-sm text-brand-700 hover:underline">
                Devices
              </Link>
            }
          />
          <CardBody>
            <table className="w-full text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-1 text-left font-medium">Version</th>
                  <th className="py-1 text-right font-medium">Installations</th>
                  <th className="py-1 text-right font-medium">Running</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {g.versions.map((v) => (
                  <tr key={v.version ?? "unknown"}>
                    <td className="py-1">
                      <Badge>{v.version ?? "unknown"}</Badge>
                    </td>
                    <td className="py-1 text-right tabular-nums">{v.installations}</td>
                    <td className="py-1 text-right tabular-nums">{v.running}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardBody>
        </Card>
      ))}
    </div>
  );
}
