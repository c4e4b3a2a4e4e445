"use client";
/** One agent identity: who it acts for, where, its delegation, its credentials (never the tokens) and history. */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { STATUS_TONE } from "./identities-panel";

function when(d: Date | null | undefined) {
  return d ? new Date(d).toLocaleString() : "—";
}

export function IdentityDetail({ tenantSlug, identityId, canRevoke }: { tenantSlug: string; identityId: string; canRevoke: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.identities.get.queryOptions({ tenantSlug, id: identityId }));
  if (q.error) return <p className="text-sm text-red-700">{q.error.message}</p>;
  const i = q.data;
  if (!i) return <p className="text-sm text-slate-500">Loading…</p>;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader
          title={`${i.productSlug} for ${i.person?.name ?? "nobody"}`}
          description={`on ${i.device.hostname} · policy class ${i.policyClass} · scopes ${i.scopes.join(" ") || "—"}`}
          actions={
            canRevoke && i.status !== "revoked" ? (
              <Link className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700" href={`/${tenantSlug}/kill-switch?scope=identity&id=${i.id}`}>
                Revoke…
              </Link>
            ) : null
          }
        />
        <CardBody className="space-y-2 text-sm">
          <p>
            Status: <Badge tone={STATUS_TONE[i.status]}>{i.status}</Badge> {i.statusReason ? <span className="text-slate-500">({i.statusReason})</span> : null}
          </p>
          <p>Created {when(i.createdAt)} · last token {when(i.lastIssuedAt)} · last used {when(i.lastUsedAt)}</p>
          <p>
            Delegated by:{" "}
            {i.parent ? (
              <Link className="font-mono text-xs text-brand-700" href={`/${tenantSlug}/identities/${i.parent.id}`}>
                {i.parent.productSlug} {i.parent.id}
              </Link>
            ) : (
              "—"
            )}
          </p>
          <div>
            Delegated to:{" "}
            {i.children.length === 0
              ? "—"
              : i.children.map((c) => (
                  <Link key={c.id} className="mr-2 font-mono text-xs text-brand-700" href={`/${tenantSlug}/identities/${c.id}`}>
                    {c.productSlug} ({c.status})
                  </Link>
                ))}
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Credentials" description="Short-lived tokens issued to this identity (the tokens themselves are never stored)." />
        <CardBody>
          <table className="w-full text-left text-sm" data-testid="identity-credentials">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th>jti</th>
                <th>Key</th>
                <th>Issued</th>
                <th>Expires</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {i.credentials.map((c) => (
                <tr key={c.jti} className="border-t border-slate-100">
                  <td className="font-mono text-xs">{c.jti.slice(0, 10)}…</td>
                  <td className="font-mono text-xs">{c.keyId.slice(0, 10)}…</td>
                  <td className="text-xs">{when(c.issuedAt)}</td>
                  <td className="text-xs">{when(c.expiresAt)}</td>
                  <td>{c.revokedAt ? <Badge tone="bad">revoked</Badge> : c.live ? <Badge tone="good">live</Badge> : <Badge>expired</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {i.credentials.length === 0 ? <p className="text-sm text-slate-500">No tokens issued yet.</p> : null}
        </CardBody>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader title="History" />
        <CardBody>
          <ol className="space-y-1 text-sm">
            {i.history.map((h, n) => (
              <li key={n}>
                <span className="text-slate-500">{when(h.at)}</span> <strong>{h.what}</strong> {h.detail}
              </li>
            ))}
          </ol>
        </CardBody>
      </Card>
    </div>
  );
}
