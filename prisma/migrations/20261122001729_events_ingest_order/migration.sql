-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "ingestXid" xid8 NOT NULL DEFAULT pg_current_xact_id();

-- AlterTable
ALTER TABLE "EventSink" DROP COLUMN "cursorTime",
ADD COLUMN     "cursorXid" TEXT;

-- AlterTable
ALTER TABLE "EventSinkDeadLetter" DROP COLUMN "fromId",
DROP COLUMN "toId",
ADD COLUMN     "eventIds" UUID[];

-- CreateIndex
CREATE INDEX "Event_tenantId_ingestXid_id_idx" ON "Event"("tenantId", "ingestXid", "id");

