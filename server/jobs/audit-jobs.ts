/** Every minute: copy audit entries that have not reached the event stream yet (safety net for the in-process debounce). */
import { registerJobs } from "./boss";
import { listTenantsWithUnexportedAudit } from "@/server/db/accounts";
import { exportAuditEvents } from "@/server/modules/audit/export-audit-events";

const QUEUE = "audit.export-events";

registerJobs(async (boss) => {
  await boss.createQueue(QUEUE, { name: QUEUE, policy: "singleton" });
  await boss.schedule(QUEUE, "* * * * *");
  await boss.work(QUEUE, async () => {
    for (const tenantId of await listTenantsWithUnexportedAudit()) await exportAuditEvents({ tenantId });
  });
});
