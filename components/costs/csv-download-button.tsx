"use client";
import { Button } from "@/components/ui/button";

/** Saves the chargeback CSV the server built (no second request, same numbers as the table). */
export function CsvDownloadButton({ csv, filename }: { csv: string; filename: string }) {
  return (
    <Button
      type="button"
      variant="secondary"
      onClick={() => {
        const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = filename;
        a.click();
        URL.revokeObjectURL(url);
      }}
    >
      Export CSV
    </Button>
  );
}
