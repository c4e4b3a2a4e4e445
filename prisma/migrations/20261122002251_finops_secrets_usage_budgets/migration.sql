-- CreateTable
CREATE TABLE "TenantSecret" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "headerName" TEXT NOT NULL,
    "valuePrefix" TEXT NOT NULL DEFAULT '',
    "valueEnc" TEXT NOT NULL,
    "kekId" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotatedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastFetchedAt" TIMESTAMP(3),

    CONSTRAINT "TenantSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "deviceId" TEXT NOT NULL,
    "identityId" TEXT,
    "personId" TEXT,
    "productSlug" TEXT,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "api" TEXT,
    "outcome" TEXT NOT NULL,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheReadTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
    "costNano" BIGINT NOT NULL DEFAULT 0,
    "priceKnown" BOOLEAN NOT NULL DEFAULT true,
    "priceTableVersion" TEXT NOT NULL,
    "usageEstimated" BOOLEAN NOT NULL DEFAULT false,
    "latencyMs" INTEGER NOT NULL DEFAULT 0,
    "project" TEXT,
    "businessUnit" TEXT,
    "environment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scopeKind" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "usdPerMonth" DOUBLE PRECISION,
    "tokensPerDay" INTEGER,
    "requestsPerMinute" INTEGER,
    "concurrentRequests" INTEGER,
    "breachAction" TEXT NOT NULL DEFAULT 'notify',
    "breachedMonth" TEXT,
    "breachedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetLedgerEntry" (
    "tenantId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "scopeKind" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "usdNano" BIGINT NOT NULL,
    "snapshotId" INTEGER NOT NULL,
    "epoch" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BudgetLedgerEntry_pkey" PRIMARY KEY ("deviceId","scopeKind","scopeId")
);

-- CreateTable
CREATE TABLE "PriceOverride" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "input" DOUBLE PRECISION NOT NULL,
    "output" DOUBLE PRECISION NOT NULL,
    "cacheRead" DOUBLE PRECISION NOT NULL,
    "cacheWrite" DOUBLE PRECISION NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PriceOverride_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TenantSecret_tenantId_provider_status_idx" ON "TenantSecret"("tenantId", "provider", "status");

-- CreateIndex
CREATE INDEX "TenantSecret_kekId_idx" ON "TenantSecret"("kekId");

-- CreateIndex
CREATE UNIQUE INDEX "TenantSecret_tenantId_name_key" ON "TenantSecret"("tenantId", "name");

-- CreateIndex
CREATE INDEX "UsageRecord_tenantId_at_idx" ON "UsageRecord"("tenantId", "at");

-- CreateIndex
CREATE INDEX "UsageRecord_tenantId_personId_at_idx" ON "UsageRecord"("tenantId", "personId", "at");

-- CreateIndex
CREATE INDEX "UsageRecord_tenantId_businessUnit_at_idx" ON "UsageRecord"("tenantId", "businessUnit", "at");

-- CreateIndex
CREATE UNIQUE INDEX "UsageRecord_tenantId_requestId_key" ON "UsageRecord"("tenantId", "requestId");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_tenantId_scopeKind_scopeId_key" ON "Budget"("tenantId", "scopeKind", "scopeId");

-- CreateIndex
CREATE INDEX "BudgetLedgerEntry_tenantId_scopeKind_scopeId_month_idx" ON "BudgetLedgerEntry"("tenantId", "scopeKind", "scopeId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "PriceOverride_tenantId_provider_model_key" ON "PriceOverride"("tenantId", "provider", "model");

-- AddForeignKey
ALTER TABLE "TenantSecret" ADD CONSTRAINT "TenantSecret_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetLedgerEntry" ADD CONSTRAINT "BudgetLedgerEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PriceOverride" ADD CONSTRAINT "PriceOverride_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

