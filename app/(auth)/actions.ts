"use server";
/** Sign-in, sign-up, invite acceptance and sign-out: thin server actions over server/modules. */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { isAppError } from "@/server/errors";
import { signIn as authJsSignIn } from "@/server/auth/config";
import { currentUser, endSession, startSession } from "@/server/auth/session";
import { signInWithPassword } from "@/server/modules/tenants/sign-in-with-password";
import { createTenantForUser, signUp, ZInviteSignUp, ZSignUp } from "@/server/modules/tenants/sign-up";
import { acceptInvite, describeInvite } from "@/server/modules/members/accept-invite";
import { createUserWithPassword, findUserByEmail, listMembershipsOfUser } from "@/server/db/accounts";
import { hashPassword } from "@/server/auth/password";
import { env } from "@/server/env";

export type TFormState = { error?: string; fields?: Record<string, string> } | undefined;

function fieldsOf(form: FormData, names: string[]) {
  return Object.fromEntries(names.map((n) => [n, String(form.get(n) ?? "")]));
}

function messageOf(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? "Check the form";
  console.error("[auth] unexpected error", error);
  return "Something went wrong on our side; try again";
}

async function clientKey() {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
}

async function homeFor(userId: string): Promise<string> {
  const memberships = await listMembershipsOfUser(userId);
  return memberships[0] ? `/${memberships[0].tenant.slug}` : "/welcome";
}

function safeNext(next: FormDataEntryValue | null): string | null {
  const value = typeof next === "string" ? next : "";
  return value.startsWith("/") && !value.startsWith("//") ? value : null;
}

export async function signInAction(_prev: TFormState, form: FormData): Promise<TFormState> {
  const fields = fieldsOf(form, ["email"]);
  let destination: string;
  try {
    const user = await signInWithPassword({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), clientKey: await clientKey() });
    await startSession(user.id);
    destination = safeNext(form.get("next")) ?? (await homeFor(user.id));
  } catch (error) {
    return { error: messageOf(error), fields };
  }
  redirect(destination);
}

export async function signInWithSsoAction(form: FormData) {
  await authJsSignIn("oidc", { redirectTo: safeNext(form.get("next")) ?? "/" });
}

export async function signUpAction(_prev: TFormState, form: FormData): Promise<TFormState> {
  const fields = fieldsOf(form, ["name", "email", "organization"]);
  if (env().MARSHAL_ALLOW_SIGNUP !== "1") return { error: "Sign-up is turned off on this installation", fields };
  let slug: string;
  try {
    const input = ZSignUp.parse(Object.fromEntries(form));
    const result = await signUp(input);
    await startSession(result.userId);
    slug = result.tenantSlug;
  } catch (error) {
    return { error: messageOf(error), fields };
  }
  redirect(`/${slug}`);
}

/** Accept an invite: signed in already (email must match), or create the login right here. */
export async function acceptInviteAction(_prev: TFormState, form: FormData): Promise<TFormState> {
  const token = String(form.get("token") ?? "");
  let slug: string;
  try {
    let user = await currentUser();
    if (!user) {
      const invite = await describeInvite({ token });
      const input = ZInviteSignUp.parse({ ...Object.fromEntries(form), email: invite.email });
      const existing = await findUserByEmail(invite.email);
      if (existing) return { error: `An account for ${invite.email} exists: sign in first, then open the invite link again` };
      const created = await createUserWithPassword({ email: invite.email, name: input.name, passwordHash: await hashPassword(input.password) });
      await startSession(created.id);
      user = { id: created.id, email: created.email, name: created.name };
    }
    slug = (await acceptInvite({ token, user })).tenantSlug;
  } catch (error) {
    return { error: messageOf(error) };
  }
  redirect(`/${slug}`);
}

export async function signOutAction() {
  await endSession();
  redirect("/sign-in");
}

export async function createOrganizationAction(_prev: TFormState, form: FormData): Promise<TFormState> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  let slug: string;
  try {
    slug = (await createTenantForUser({ user, organization: String(form.get("organization") ?? "") })).tenantSlug;
  } catch (error) {
    return { error: messageOf(error) };
  }
  redirect(`/${slug}`);
}
