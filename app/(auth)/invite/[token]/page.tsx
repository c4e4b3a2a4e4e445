import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInviteForm } from "@/components/auth/accept-invite-form";
import { currentUser } from "@/server/auth/session";
import { describeInvite } from "@/server/modules/members/accept-invite";
import { isAppError } from "@/server/errors";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invite: Awaited<ReturnType<typeof describeInvite>>;
  try {
    invite = await describeInvite({ token });
  } catch (error) {
    return (
      <AuthCard title="Invitation not valid">
        <p className="text-sm text-slate-600">{isAppError(error) ? error.message : "This invite link is not valid."}</p>
      </AuthCard>
    );
  }
  const user = await currentUser();
  return (
    <AuthCard
      title={`Join ${invite.tenant.name}`}
      subtitle={
        <>
          You were invited as <strong>{invite.role}</strong> ({invite.email}).
        </>
      }
    >
      <AcceptInviteForm token={token} signedInAs={user?.email ?? null} />
    </AuthCard>
  );
}
