import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Button } from "@/components/ui/button";
import { currentUser } from "@/server/auth/session";
import { env, oidcConfigured } from "@/server/env";
import { signInWithSsoAction } from "../actions";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  if (await currentUser()) redirect(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
  const sso = oidcConfigured();
  return (
    <AuthCard title="Sign in to Marshal" subtitle="The control plane for AI agents on your devices">
      {error ? (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          Single sign-on failed ({error}). Try again or use your password.
        </p>
      ) : null}
      {sso ? (
        <>
          <form action={signInWithSsoAction}>
            <input type="hidden" name="next" value={next ?? ""} />
            <Button type="submit" variant="secondary" className="w-full">
              Continue with {env().AUTH_OIDC_NAME}
            </Button>
          </form>
          <div className="my-5 flex items-center gap-3 text-xs text-slate-400">
            <div className="h-px flex-1 bg-slate-200" /> or <div className="h-px flex-1 bg-slate-200" />
          </div>
        </>
      ) : null}
      <SignInForm next={next} />
      {env().MARSHAL_ALLOW_SIGNUP === "1" ? (
        <p className="mt-6 text-center text-sm text-slate-500">
          New to Marshal?{" "}
          <Link className="font-medium text-brand-600 hover:underline" href="/sign-up">
            Create an organization
          </Link>
        </p>
      ) : null}
    </AuthCard>
  );
}
