"use client";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** Downloads the export through a stream, counting lines against the server's total for a progress bar. */
export function ExportEventsButton({ tenantSlug, query, from, format }: { tenantSlug: string; query: string; from: string; format: "csv" | "ndjson" }) {
  const [progress, setProgress] = useState<number | null>(null);
  async function run() {
    setProgress(0);
    try {
      const params = new URLSearchParams({ format, q: query, from });
      const response = await fetch(`/${encodeURIComponent(tenantSlug)}/events/export?${params}`);
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `export failed (${response.status})`);
      }
      const total = Number(response.headers.get("x-marshal-event-count") ?? 0);
      const reader = response.body.getReader();
      const parts: Uint8Array[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        for (const byte of value) if (byte === 10) lines++;
        if (total > 0) setProgress(Math.min(100, Math.round(((format === "csv" ? lines - 1 : lines) / total) * 100)));
      }
      const blob = new Blob(parts as BlobPart[], { type: format === "csv" ? "text/csv" : "application/x-ndjson" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `events.${format}`;
      link.click();
      URL.revokeObjectURL(link.href);
      toast.success(`Exported ${total.toLocaleString()} events`);
    } catch (error) {
      toast.error((error as Error).message);
    } finally {
      setProgress(null);
    }
  }
  return (
    <Button variant="secondary" size="sm" onClick={run} disabled={progress !== null} data-testid={`export-${format}`}>
      {progress === null ? `Export ${format.toUpperCase()}` : `Exporting… ${progress}%`}
    </Button>
  );
}
