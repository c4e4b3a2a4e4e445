/**
 * Step-by-step setup for Okta and Microsoft Entra ID. Steps follow Okta's "Build a SCIM
 * provisioning integration" / SCIM 2.0 app settings (Provisioning tab: SCIM connector base URL,
 * unique identifier field, HTTP Header bearer token) and Microsoft Learn's "Tutorial: Develop and
 * plan provisioning for a SCIM endpoint in Microsoft Entra ID" (non-gallery enterprise app,
 * Provisioning Mode Automatic, Tenant URL, Secret Token, Test Connection).
 */
import { Card, CardBody, CardHeader } from "@/components/ui/card";

export function ScimProviderSteps({ baseUrl }: { baseUrl: string }) {
  const code = (text: string) => <code className="rounded bg-slate-100 px-1 py-0.5 text-xs break-all">{text}</code>;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader title="Okta" description="An app integration with SCIM provisioning" />
        <CardBody>
          <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700" data-testid="okta-steps">
            <li>In the Okta Admin Console open Applications → Create App Integration and create a SAML 2.0 or SWA app for Marshal (or open your existing Marshal app).</li>
            <li>On the General tab, click Edit, set Provisioning to SCIM, and save.</li>
            <li>On the Provisioning tab → Integration, click Edit and set SCIM connector base URL to {code(baseUrl)}.</li>
            <li>Set Unique identifier field for users to {code("userName")}.</li>
            <li>Under Supported provisioning actions select Push New Users, Push Profile Updates and Push Groups (Import is optional).</li>
            <li>Set Authentication Mode to HTTP Header and paste a SCIM token created below as the Bearer token. Click Test Connector Configuration, then Save.</li>
            <li>On Provisioning → To App, enable Create Users, Update User Attributes and Deactivate Users.</li>
            <li>Assign people (Assignments tab) and push groups (Push Groups tab). Deactivating or unassigning a person in Okta stops their agents in Marshal.</li>
          </ol>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Microsoft Entra ID" description="A non-gallery enterprise application with automatic provisioning" />
        <CardBody>
          <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700" data-testid="entra-steps">
            <li>In the Microsoft Entra admin center open Enterprise applications → New application → Create your own application, and choose “Integrate any other application you don't find in the gallery”.</li>
            <li>Open Provisioning, click Get started (or Connect your application) and set Provisioning Mode to Automatic.</li>
            <li>Under Admin Credentials set Tenant URL to {code(`${baseUrl}?aadOptscim062020`)} (the flag makes Entra ID send standard SCIM PATCH requests; Marshal also accepts the older form).</li>
            <li>Paste a SCIM token created below as the Secret Token, click Test Connection, then Save.</li>
            <li>Under Mappings keep “Provision Microsoft Entra ID Users” and “Provision Microsoft Entra ID Groups” enabled; department and manager map to the enterprise extension.</li>
            <li>Assign users and groups under Users and groups, set Provisioning Status to On and save. Disabling or deleting a user in Entra ID stops their agents in Marshal.</li>
          </ol>
        </CardBody>
      </Card>
    </div>
  );
}
