import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { requireTenantMember } from "@/server/auth/tenant-page";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { scope } = await requireTenantMember(tenantSlug);
  const [scimTokens, lastScim, activeSecrets] = await Promise.all([
    scope.db.scimToken.count({ where: { revokedAt: null } }),
    scope.db.scimRequestLog.findFirst({ orderBy: { at: "desc" }, select: { at: true } }),
    scope.db.tenantSecret.count({ where: { status: "active" } }),
  ]);
  return (
    <>
      <PageHeader title="Integrations" description="Identity providers, SIEM export, provider secrets and ticketing." />
      <div className="grid gap-6 md:grid-cols-2">
        <Card data-testid="integration-scim">
          <CardHeader
            title="SCIM provisioning (Okta, Entra ID)"
            description="People and groups from your identity provider; deprovisioning stops a person's agents."
            actions={scimTokens > 0 ? <Badge tone="good">connected</Badge> : <Badge>not set up</Badge>}
          />
          <CardBody className="flex items-center justify-between text-sm text-slate-600">
            <span>{lastScim ? `Last request ${lastScim.at.toLocaleString()}` : "No requests received yet"}</span>
            <Link className="font-medium text-brand-600 hover:underline" href={`/${tenantSlug}/integrations/scim`}>
              Set up SCIM →
            </Link>
          </CardBody>
        </Card>
        <Card data-testid="integration-siem">
          <CardHeader title="SIEM export" description="Stream events to Splunk, Sentinel, Chronicle or Elastic." />
          <CardBody className="flex justify-end text-sm">
            <Link className="font-medium text-brand-600 hover:underline" href={`/${tenantSlug}/integrations/siem`}>
              Configure SIEM sinks →
            </Link>
          </CardBody>
        </Card>
        <Card data-testid="integration-secrets">
          <CardHeader
            title="Provider secrets"
            description="Anthropic, OpenAI and Gemini keys the device gateways inject, so agents never hold them."
            actions={activeSecrets > 0 ? <Badge tone="good">{activeSecrets} active</Badge> : <Badge>none stored</Badge>}
          />
          <CardBody className="flex justify-end text-sm">
            <Link className="font-medium text-brand-600 hover:underline" href={`/${tenantSlug}/integrations/secrets`}>
              Manage secrets →
            </Link>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
