"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { GroupsTable } from "./groups-table";
import { PeopleTable } from "./people-table";
import { PersonDetail } from "./person-detail";

export function DirectoryPanel({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const [tab, setTab] = useState<"people" | "groups">("people");
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <div className="flex gap-2" role="tablist">
        <Button role="tab" aria-selected={tab === "people"} variant={tab === "people" ? "primary" : "secondary"} size="sm" onClick={() => setTab("people")}>
          People
        </Button>
        <Button role="tab" aria-selected={tab === "groups"} variant={tab === "groups" ? "primary" : "secondary"} size="sm" onClick={() => setTab("groups")}>
          Groups
        </Button>
      </div>
      {tab === "people" ? (
        <>
          <PeopleTable tenantSlug={tenantSlug} onSelect={setSelected} selectedId={selected} />
          {selected ? <PersonDetail tenantSlug={tenantSlug} id={selected} /> : null}
        </>
      ) : (
        <GroupsTable tenantSlug={tenantSlug} canManage={canManage} />
      )}
    </div>
  );
}
