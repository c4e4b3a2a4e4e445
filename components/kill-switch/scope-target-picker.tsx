"use client";
/**
 * Searchable picker for the kill switch's scope target: the admin types a name, host, person or product and
 * picks a human label; the picker hands back the id the revocation API needs. Fed by the existing routers:
 * identities.list (q), directory.people (search), devices.list (search), registry.products (filtered here).
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { deviceOption, filterProducts, identityOption, personOption, productOption, type TScopeOption } from "./scope-options";

export type TPickableScope = "identity" | "product" | "person" | "device";

const META: Record<TPickableScope, { label: string; placeholder: string; noun: string }> = {
  identity: { label: "Agent identity", placeholder: "Search by host, person or product…", noun: "active agent identities" },
  product: { label: "Agent product", placeholder: "Search products, e.g. Claude…", noun: "products" },
  person: { label: "Person", placeholder: "Search by name or email…", noun: "people" },
  device: { label: "Device", placeholder: "Search by hostname or user…", noun: "devices" },
};
const LIMIT = 20;

function useDebounced({ value, ms }: { value: string; ms: number }): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** Options for one scope type and search text; only the query for the current scope runs. */
function useScopeOptions({ tenantSlug, scopeType, search }: { tenantSlug: string; scopeType: TPickableScope; search: string }) {
  const trpc = useTRPC();
  const q = search.trim() || undefined;
  const products = useQuery({ ...trpc.registry.products.queryOptions({ tenantSlug }), enabled: scopeType === "product" || scopeType === "identity", staleTime: 60_000 });
  const identities = useQuery({ ...trpc.identities.list.queryOptions({ tenantSlug, status: "active", q, limit: LIMIT }), enabled: scopeType === "identity" });
  const people = useQuery({ ...trpc.directory.people.queryOptions({ tenantSlug, search: q, limit: LIMIT, offset: 0 }), enabled: scopeType === "person" });
  const devices = useQuery({ ...trpc.devices.list.queryOptions({ tenantSlug, search: q, status: "active", pageSize: LIMIT, page: 1, sort: "hostname", order: "asc" }), enabled: scopeType === "device" });
  const names = useMemo(() => new Map((products.data?.products ?? []).map((p) => [p.productSlug, p.displayName])), [products.data]);

  return useMemo((): { options: TScopeOption[]; loading: boolean; error: string | null; more: boolean } => {
    switch (scopeType) {
      case "identity":
        return { options: (identities.data?.items ?? []).map((row) => identityOption({ row, names })), loading: identities.isLoading, error: identities.error?.message ?? null, more: Boolean(identities.data?.nextCursor) };
      case "person":
        return { options: (people.data?.people ?? []).map((row) => personOption({ row })), loading: people.isLoading, error: people.error?.message ?? null, more: (people.data?.total ?? 0) > LIMIT };
      case "device":
        return { options: (devices.data?.items ?? []).map((row) => deviceOption({ row })), loading: devices.isLoading, error: devices.error?.message ?? null, more: (devices.data?.total ?? 0) > LIMIT };
      case "product": {
        const all = filterProducts({ rows: products.data?.products ?? [], search: search });
        return { options: all.slice(0, LIMIT).map((row) => productOption({ row })), loading: products.isLoading, error: products.error?.message ?? null, more: all.length > LIMIT };
      }
    }
  }, [scopeType, identities.data, identities.isLoading, identities.error, people.data, people.isLoading, people.error, devices.data, devices.isLoading, devices.error, products.data, products.isLoading, products.error, names, search]);
}

export function ScopeTargetPicker({ tenantSlug, scopeType, value, onChange }: { tenantSlug: string; scopeType: TPickableScope; value: TScopeOption | null; onChange: (next: TScopeOption | null) => void }) {
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const search = useDebounced({ value: text, ms: 250 });
  const { options, loading, error, more } = useScopeOptions({ tenantSlug, scopeType, search });
  const meta = META[scopeType];
  const inputId = useId();
  const listId = useId();

  if (value) {
    return (
      <div>
        <Label htmlFor={inputId}>{meta.label}</Label>
        <div className="flex h-9 items-center justify-between gap-2 rounded-md border border-slate-300 bg-slate-50 px-3 text-sm" data-testid="scope-target-selected">
          <span className="truncate" title={value.id}>
            <strong>{value.label}</strong>
            {value.detail ? <span className="text-slate-500"> · {value.detail}</span> : null}
          </span>
          <Button
            id={inputId}
            size="sm"
            variant="secondary"
            aria-label={`Change ${meta.label.toLowerCase()}`}
            onClick={() => {
              onChange(null);
              setOpen(true);
            }}
          >
            Change
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="relative">
      <Label htmlFor={inputId}>{meta.label}</Label>
      <Input
        id={inputId}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        autoComplete="off"
        value={text}
        placeholder={meta.placeholder}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setOpen(false);
          if (e.key === "Enter" && options.length === 1) {
            e.preventDefault();
            onChange(options[0]!);
            setOpen(false);
          }
        }}
      />
      {open ? (
        <div id={listId} role="listbox" aria-label={`Matching ${meta.noun}`} className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-200 bg-white text-sm shadow-lg">
          {error ? (
            <p className="px-3 py-2 text-red-700">{error}</p>
          ) : loading || search !== text ? (
            <p className="px-3 py-2 text-slate-500">Searching…</p>
          ) : options.length === 0 ? (
            <p className="px-3 py-2 text-slate-500">No {meta.noun} match{text.trim() ? ` “${text.trim()}”` : ""}.</p>
          ) : (
            <>
              {options.map((o) => (
                <button
                  key={o.id}
                  type="button"
                  role="option"
                  aria-selected={false}
                  className="block w-full px-3 py-2 text-left hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
                  onClick={() => {
                    onChange(o);
                    setOpen(false);
                    setText("");
                  }}
                >
                  <span className="font-medium">{o.label}</span>
                  {o.detail ? <span className="block text-xs text-slate-500">{o.detail}</span> : null}
                </button>
              ))}
              {more ? <p className="px-3 py-2 text-xs text-slate-500">More match: type more to narrow down.</p> : null}
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
