import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata = { title: "Create an organization" };

export default function SignUpPage() {
  return (
    <AuthCard title="Create your organization" subtitle="You will be its owner; invite your team afterwards.">
      <SignUpForm />
      <p className="mt-6 text-center text-sm text-slate-500">
        Already have an account?{" "}
        <Link className="font-medium text-brand-600 hover:underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
