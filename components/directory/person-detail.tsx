"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

/** One person: attributes from the IdP, their devices and the agent identities acting for them. */
export function PersonDetail({ tenantSlug, id }: { tenantSlug: string; id: string }) {
  const trpc = useTRPC();
  const person = useQuery(trpc.directory.person.queryOptions({ tenantSlug, id }));
  if (person.isLoading) return <Card><CardBody>Loading…</CardBody></Card>;
  if (!person.data) return <Card><CardBody>{person.error?.message ?? "Not found"}</CardBody></Card>;
  const p = person.data;
  const fact = (label: string, value: React.ReactNode) => (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-800">{value ?? "—"}</dd>
    </div>
  );
  return (
    <Card data-testid="person-detail">
      <CardHeader
        title={p.displayName ?? ([p.givenName, p.familyName].filter(Boolean).join(" ") || p.userName)}
        description={p.userName}
        actions={p.active ? <Badge tone="good">active</Badge> : <Badge tone="bad">deactivated</Badge>}
      />
      <CardBody className="space-y-5">
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
          {fact("Title", p.title)}
          {fact("Department", p.department)}
          {fact("Cost center", p.costCenter)}
          {fact("Manager", p.manager?.name)}
          {fact("Employee number", p.employeeNumber)}
          {fact("External id", p.externalId)}
          {fact("Emails", p.emails.map((e) => e.value).join(", ") || null)}
          {fact("Groups", p.groups.map((g) => g.displayName).join(", ") || null)}
        </dl>
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-700">Devices ({p.devices.length})</h3>
          {p.devices.length === 0 ? (
            <p className="text-sm text-slate-500">No enrolled devices.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {p.devices.map((d) => (
                <li key={d.id}>
                  <Link className="text-brand-700 hover:underline" href={`/${tenantSlug}/devices/${d.id}`}>
                    {d.hostname}
                  </Link>{" "}
                  <span className="text-slate-500">
                    {d.os} · {d.ring} · {d.lastCheckinAt ? `last seen ${new Date(d.lastCheckinAt).toLocaleString()}` : "never checked in"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-700">Agent identities ({p.identities.length})</h3>
          {p.identities.length === 0 ? (
            <p className="text-sm text-slate-500">No agents act for this person.</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="person-identities">
              {p.identities.map((i) => (
                <li key={i.id} className="flex items-center gap-2">
                  <Badge tone={i.status === "active" ? "good" : "bad"}>{i.status}</Badge>
                  <span>{i.productSlug}</span>
                  <span className="text-slate-500">policy {i.policyClass}</span>
                  {i.statusReason ? <span className="text-slate-500">· {i.statusReason}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
