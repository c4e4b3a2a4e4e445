"use client";
import { useActionState } from "react";
import { acceptInviteAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FormError } from "./form-error";

export function AcceptInviteForm({ token, signedInAs }: { token: string; signedInAs: string | null }) {
  const [state, action, pending] = useActionState(acceptInviteAction, undefined);
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {signedInAs ? (
        <p className="text-sm text-slate-600">You are signed in as {signedInAs}.</p>
      ) : (
        <>
          <div>
            <Label htmlFor="name">Your name</Label>
            <Input id="name" name="name" autoComplete="name" required />
          </div>
          <div>
            <Label htmlFor="password">Choose a password</Label>
            <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} />
          </div>
        </>
      )}
      <FormError message={state?.error} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : "Accept invite"}
      </Button>
    </form>
  );
}
