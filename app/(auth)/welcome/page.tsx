import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { CreateOrganizationForm } from "@/components/auth/create-organization-form";
import { currentUser } from "@/server/auth/session";

export const metadata = { title: "Welcome" };
export const dynamic = "force-dynamic";

export default async function WelcomePage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return (
    <AuthCard title={`Welcome, ${user.name ?? user.email}`} subtitle="You are not a member of any organization yet. Ask an admin for an invite link, or create one.">
      <CreateOrganizationForm />
    </AuthCard>
  );
}
