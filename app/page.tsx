import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth/session";
import { listMembershipsOfUser } from "@/server/db/accounts";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const memberships = await listMembershipsOfUser(user.id);
  redirect(memberships[0] ? `/${memberships[0].tenant.slug}` : "/welcome");
}
