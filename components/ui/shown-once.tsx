"use client";
/** A secret or one-time link displayed right after creation: never retrievable again, so say so and offer a copy button. */
import { toast } from "sonner";
import { cn } from "@/lib/cn";
import { Button } from "./button";

export function ShownOnce({ title, value, testId, tone = "warn", className }: { title: string; value: string; testId: string; tone?: "warn" | "good"; className?: string }) {
  const colours = tone === "warn" ? "border-amber-200 bg-amber-50 text-amber-900" : "border-emerald-200 bg-emerald-50 text-emerald-900";
  return (
    <div className={cn("mt-4 rounded-md border p-3 text-sm", colours, className)}>
      <div className="flex items-center justify-between gap-3">
        <span className="font-medium">{title}</span>
        <Button type="button" variant="secondary" size="sm" onClick={() => void navigator.clipboard?.writeText(value).then(() => toast.success("Copied"))}>
          Copy
        </Button>
      </div>
      <code data-testid={testId} className="mt-1 block break-all">
        {value}
      </code>
    </div>
  );
}
