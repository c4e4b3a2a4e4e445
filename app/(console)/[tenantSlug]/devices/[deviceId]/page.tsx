import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { UnenrollDeviceButton } from "@/components/devices/unenroll-device-button";
import { formatAgo } from "@/components/devices/format-ago";
import { formatOs } from "@/components/devices/format-os";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";
import { isAppError } from "@/server/errors";
import { getDevice } from "@/server/modules/devices/get-device";

export const metadata = { title: "Device" };

export default async function DevicePage({ params }: { params: Promise<{ tenantSlug: string; deviceId: string }> }) {
  const { tenantSlug, deviceId } = await params;
  const { scope, role } = await requireTenantMember(tenantSlug);
  let device: Awaited<ReturnType<typeof getDevice>>;
  try {
    device = await getDevice({ scope, id: deviceId });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const facts: [string, React.ReactNode][] = [
    ["Owner", device.owner ? (device.owner.displayName ?? device.owner.userName) : <span className="text-slate-500">unassigned (local user {device.username})</span>],
    ["Ring", <Badge key="ring" tone={device.ring === "prod" ? "info" : "neutral"}>{device.ring}</Badge>],
    ["OS", `${formatOs(device)} (${device.arch})`],
    ["Status", <Badge key="status" tone={device.status === "active" ? "good" : "warn"}>{device.status === "active" ? "enrolled" : device.status}</Badge>],
    ["Last check-in", device.lastCheckinAt ? `${formatAgo(device.lastCheckinAt)} (${device.lastCheckinAt.toLocaleString()})` : "never"],
    ["Enrolled", device.enrolledAt.toLocaleString()],
    ["Enroller", device.enrollerVersion],
    ["Machine id", <code key="mid" className="text-xs">{device.machineId}</code>],
  ];
  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/${tenantSlug}/devices`} className="text-brand-700 hover:underline">
          ← Devices
        </Link>
      </div>
      <PageHeader
        title={device.hostname}
        description={`${device.installations.length} agent installation${device.installations.length === 1 ? "" : "s"}`}
        actions={roleAtLeast(role, "admin") && device.status === "active" ? <UnenrollDeviceButton tenantSlug={tenantSlug} deviceId={device.id} hostname={device.hostname} /> : null}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardHeader title="Device" />
          <CardBody>
            <dl className="space-y-2 text-sm" data-testid="device-facts">
              {facts.map(([k, v]) => (
                <div key={k} className="flex justify-between gap-4">
                  <dt className="text-slate-500">{k}</dt>
                  <dd className="text-right">{v}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Agents" description="What the enroller found, with the sha256 of each entry file and the MCP servers each is configured to reach." />
            <CardBody className="space-y-4" data-testid="device-agents">
              {device.installations.length === 0 ? <EmptyState title="No AI agents found on this device" /> : null}
              {device.installations.map((inst) => (
                <div key={inst.id} className="rounded-md border border-slate-200 p-3" data-testid="installation">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{inst.displayName}</span>
                    <Badge>{inst.version ?? "version unknown"}</Badge>
                    <Badge tone={inst.running ? "good" : "neutral"}>{inst.running ? `running (pid ${inst.pids.join(", ")})` : "not running"}</Badge>
                    <span className="text-xs text-slate-500">{inst.installMethod}</span>
                  </div>
                  <div className="mt-1 break-all text-xs text-slate-600">{inst.installPath}</div>
                  {inst.sha256 ? <div className="mt-1 break-all font-mono text-xs text-slate-500">sha256 {inst.sha256}</div> : null}
                  {inst.mcpServers.length > 0 ? (
                    <ul className="mt-2 space-y-1 text-xs">
                      {inst.mcpServers.map((m) => (
                        <li key={`${m.source}:${m.name}`}>
                          <span className="font-medium">{m.name}</span> <span className="text-slate-500">({m.transport})</span>{" "}
                          <code className="break-all">{m.url ?? [m.command, ...(m.args ?? [])].filter(Boolean).join(" ")}</code>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <div className="mt-2 text-xs text-slate-500">No MCP servers configured</div>
                  )}
                  <div className="mt-1 text-xs text-slate-400">
                    first seen {inst.firstSeenAt.toLocaleString()} · last seen {inst.lastSeenAt.toLocaleString()}
                  </div>
                </div>
              ))}
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Timeline" />
            <CardBody>
              <ol className="space-y-2 text-sm" data-testid="device-timeline">
                {device.timeline.map((t, i) => (
                  <li key={i} className="flex gap-3">
                    <span className="w-44 shrink-0 text-slate-500">{t.at.toLocaleString()}</span>
                    <span>
                      <span className="font-medium">{t.title}</span> <span className="text-slate-500">{t.detail}</span>
                    </span>
                  </li>
                ))}
              </ol>
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
