-- CreateTable
CREATE TABLE "RegistryEntry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "productSlug" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "versionRange" TEXT,
    "sha256" TEXT[],
    "trustedSources" JSONB NOT NULL DEFAULT '[]',
    "updatePolicy" TEXT NOT NULL DEFAULT 'auto',
    "outOfPinAction" TEXT NOT NULL DEFAULT 'flag',
    "toleratedUntil" TIMESTAMP(3),
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistryException" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "productSlug" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RegistryException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyRevision" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "verdictClass" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "policy" JSONB NOT NULL,
    "diff" JSONB NOT NULL DEFAULT '[]',
    "compiled" JSONB NOT NULL DEFAULT '{}',
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyAttestation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "productSlug" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expectedHash" TEXT,
    "foundHash" TEXT,
    "policyVersion" TEXT,
    "drift" JSONB NOT NULL DEFAULT '[]',
    "probe" JSONB,
    "detail" JSONB,
    "repaired" BOOLEAN NOT NULL DEFAULT false,
    "lastDriftAt" TIMESTAMP(3),
    "attestedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicyAttestation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegistryEntry_tenantId_productSlug_key" ON "RegistryEntry"("tenantId", "productSlug");

-- CreateIndex
CREATE INDEX "RegistryException_tenantId_productSlug_idx" ON "RegistryException"("tenantId", "productSlug");

-- CreateIndex
CREATE INDEX "RegistryException_tenantId_expiresAt_idx" ON "RegistryException"("tenantId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyRevision_tenantId_verdictClass_version_key" ON "PolicyRevision"("tenantId", "verdictClass", "version");

-- CreateIndex
CREATE INDEX "PolicyAttestation_tenantId_status_idx" ON "PolicyAttestation"("tenantId", "status");

-- CreateIndex
CREATE INDEX "PolicyAttestation_tenantId_productSlug_idx" ON "PolicyAttestation"("tenantId", "productSlug");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttestation_deviceId_productSlug_key" ON "PolicyAttestation"("deviceId", "productSlug");

-- AddForeignKey
ALTER TABLE "RegistryEntry" ADD CONSTRAINT "RegistryEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistryException" ADD CONSTRAINT "RegistryException_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyRevision" ADD CONSTRAINT "PolicyRevision_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttestation" ADD CONSTRAINT "PolicyAttestation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttestation" ADD CONSTRAINT "PolicyAttestation_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

