"use client";
/** Replace a secret's value in place (a new version; gateways fetch the new value on their next request). */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FormError } from "@/components/auth/form-error";

export function RotateSecretForm({ tenantSlug, secret, onDone }: { tenantSlug: string; secret: { id: string; name: string }; onDone: (rotated: boolean) => void }) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | undefined>();
  const rotate = useMutation(trpc.secrets.rotate.mutationOptions());
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      autoComplete="off"
      data-testid={`rotate-secret-${secret.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        const formEl = e.currentTarget;
        const value = String(new FormData(formEl).get("value") ?? "");
        setError(undefined);
        rotate.mutate(
          { tenantSlug, id: secret.id, value },
          {
            onSuccess: (meta) => {
              formEl.reset();
              toast.success(`"${meta.name}" rotated to version ${meta.version} (${meta.hint})`);
              onDone(true);
            },
            onError: (err) => setError(err.message),
          },
        );
      }}
    >
      <Input name="value" type="password" required autoComplete="new-password" spellCheck={false} aria-label={`New value for ${secret.name}`} placeholder="New value" className="w-64" />
      <Button type="submit" size="sm" disabled={rotate.isPending}>
        Save new value
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={() => onDone(false)}>
        Cancel
      </Button>
      <div className="basis-full">
        <FormError message={error} />
      </div>
    </form>
  );
}
