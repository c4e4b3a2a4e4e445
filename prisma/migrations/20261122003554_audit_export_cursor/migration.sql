-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "auditExportedSeq" INTEGER NOT NULL DEFAULT 0;

