-- AlterTable
ALTER TABLE "BudgetLedgerEntry" DROP CONSTRAINT "BudgetLedgerEntry_pkey",
ADD CONSTRAINT "BudgetLedgerEntry_pkey" PRIMARY KEY ("deviceId", "epoch", "scopeKind", "scopeId");

