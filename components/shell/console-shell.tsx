"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { cn } from "@/lib/cn";
import { NAV_ITEMS } from "./nav-items";

const NEW_TENANT = "__new__";

type TTenantLink = { slug: string; name: string; role: string };

export function ConsoleShell({
  tenantSlug,
  tenantName,
  role,
  userEmail,
  tenants,
  signOut,
  children,
}: {
  tenantSlug: string;
  tenantName: string;
  role: string;
  userEmail: string;
  tenants: TTenantLink[];
  signOut: () => Promise<void>;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const base = `/${tenantSlug}`;
  return (
    <div className="flex min-h-full">
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="flex items-center gap-2 px-5 py-4">
          <div className="flex h-8 w-8 items-center justify-center rounded-lg bg-brand-600 font-bold text-white">M</div>
          <span className="text-lg font-semibold tracking-tight">Marshal</span>
        </div>
        <div className="px-3 pb-3">
          <label htmlFor="tenant-switcher" className="sr-only">
            Tenant
          </label>
          <select
            id="tenant-switcher"
            aria-label="Tenant"
            className="w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 text-sm"
            value={tenantSlug}
            onChange={(e) => router.push(e.target.value === NEW_TENANT ? "/welcome" : `/${e.target.value}`)}
          >
            {tenants.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
            <option value={NEW_TENANT}>+ New organization…</option>
          </select>
        </div>
        <nav aria-label="Console" className="flex-1 space-y-0.5 px-3">
          {NAV_ITEMS.map((item) => {
            const href = `${base}${item.href}`;
            const active = item.href === "" ? pathname === base : pathname.startsWith(href);
            return (
              <Link
                key={item.label}
                href={href}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm",
                  active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                )}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="border-t border-slate-200 px-4 py-3 text-xs text-slate-500">
          <div className="truncate font-medium text-slate-700" data-testid="current-user">
            {userEmail}
          </div>
          <div>
            {tenantName} · {role}
          </div>
          <form action={signOut}>
            <button type="submit" className="mt-2 text-brand-600 hover:underline">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-8">{children}</main>
    </div>
  );
}
