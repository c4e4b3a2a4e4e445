"use client";
/**
 * Store a provider secret. The value is typed once, sent once, and cleared from the form when the server has
 * sealed it: the console never shows it again (only its last four characters, as a hint).
 */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { FormError } from "@/components/auth/form-error";
import { SECRET_PROVIDER_LABELS, type TSecretProviderChoice } from "./secret-provider-labels";

export function CreateSecretForm({ tenantSlug, onCreated }: { tenantSlug: string; onCreated: () => void }) {
  const trpc = useTRPC();
  const [provider, setProvider] = useState<TSecretProviderChoice>("anthropic");
  const [error, setError] = useState<string | undefined>();
  const create = useMutation(trpc.secrets.create.mutationOptions());

  return (
    <form
      data-testid="create-secret-form"
      className="grid gap-3 md:grid-cols-[1fr_12rem_1.5fr_auto] md:items-end"
      autoComplete="off"
      onSubmit={(e) => {
        e.preventDefault();
        const formEl = e.currentTarget;
        const form = new FormData(formEl);
        const headerName = String(form.get("headerName") ?? "").trim();
        const valuePrefix = String(form.get("valuePrefix") ?? "");
        setError(undefined);
        create.mutate(
          {
            tenantSlug,
            name: String(form.get("name") ?? ""),
            provider,
            value: String(form.get("value") ?? ""),
            ...(provider === "custom" ? { headerName, ...(valuePrefix ? { valuePrefix } : {}) } : {}),
          },
          {
            onSuccess: (meta) => {
              formEl.reset();
              setProvider("anthropic");
              toast.success(`Secret "${meta.name}" stored (${meta.hint}). Its value will not be shown again.`);
              onCreated();
            },
            onError: (err) => setError(err.message),
          },
        );
      }}
    >
      <div>
        <Label htmlFor="secret-name">Name</Label>
        <Input id="secret-name" name="name" required maxLength={80} placeholder="Anthropic production key" />
      </div>
      <div>
        <Label htmlFor="secret-provider">Provider</Label>
        <Select id="secret-provider" name="provider" className="w-full" value={provider} onChange={(e) => setProvider(e.target.value as TSecretProviderChoice)}>
          {Object.entries(SECRET_PROVIDER_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="secret-value">Value</Label>
        <Input id="secret-value" name="value" type="password" required autoComplete="new-password" spellCheck={false} placeholder="Paste the key: it is encrypted and never shown again" />
      </div>
      <Button type="submit" disabled={create.isPending}>
        Store secret
      </Button>
      {provider === "custom" ? (
        <div className="grid gap-3 md:col-span-4 md:grid-cols-2">
          <div>
            <Label htmlFor="secret-header">Header name</Label>
            <Input id="secret-header" name="headerName" required maxLength={64} placeholder="x-internal-token" />
          </div>
          <div>
            <Label htmlFor="secret-prefix">Value prefix (optional)</Label>
            <Input id="secret-prefix" name="valuePrefix" maxLength={32} placeholder="Bearer " />
          </div>
        </div>
      ) : null}
      <div className="md:col-span-4">
        <FormError message={error} />
      </div>
    </form>
  );
}
