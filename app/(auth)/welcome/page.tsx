import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { CreateOrganizationForm } from "@/components/auth/create-organization-form";
import { currentUser } from "@/server/auth/session";
import { listMembershipsOfUser } from "@/server/db/accounts";

export const metadata = { title: "Welcome" };
export const dynamic = "force-dynamic";

export default async function WelcomePage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const memberships = await listMembershipsOfUser(user.id);
  const subtitle =
    memberships.length === 0
      ? "You are not a member of any organization yet. Ask an admin for an invite link, or create one."
      : "Create another organization; you will be its owner.";
  return (
    <AuthCard title={memberships.length === 0 ? `Welcome, ${user.name ?? user.email}` : "New organization"} subtitle={subtitle}>
      <CreateOrganizationForm />
    </AuthCard>
  );
}
