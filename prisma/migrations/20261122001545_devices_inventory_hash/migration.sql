-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "inventoryHash" TEXT;

-- CreateIndex
CREATE INDEX "Device_tenantId_enrolledAt_idx" ON "Device"("tenantId", "enrolledAt");

-- CreateIndex
CREATE INDEX "Device_tenantId_os_idx" ON "Device"("tenantId", "os");

-- CreateIndex
CREATE INDEX "Device_tenantId_status_idx" ON "Device"("tenantId", "status");


-- Hand-written: substring search on the devices page (ILIKE '%term%' on hostname and username) stays an index
-- scan at 100,000 devices with trigram GIN indexes (pg_trgm ships with PostgreSQL's contrib modules).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Device_hostname_trgm_idx" ON "Device" USING gin ("hostname" gin_trgm_ops);
CREATE INDEX "Device_username_trgm_idx" ON "Device" USING gin ("username" gin_trgm_ops);
