import { cn } from "@/lib/cn";

export function Select({ className, ...props }: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={cn("h-9 rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none", className)}
      {...props}
    />
  );
}
