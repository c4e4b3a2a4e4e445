-- CreateEnum
CREATE TYPE "AgentIdentityStatus" AS ENUM ('active', 'suspended', 'revoked');

-- AlterTable
ALTER TABLE "DeviceCommand" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sentAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AgentIdentity" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "personId" TEXT,
    "installationId" TEXT,
    "productSlug" TEXT NOT NULL,
    "policyClass" TEXT NOT NULL DEFAULT 'default',
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "AgentIdentityStatus" NOT NULL DEFAULT 'active',
    "statusReason" TEXT,
    "parentId" TEXT,
    "lastIssuedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentCredential" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AgentCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentSigningKey" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateKeyEnc" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),
    "publishUntil" TIMESTAMP(3),

    CONSTRAINT "AgentSigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Revocation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "scopeType" TEXT NOT NULL,
    "scopeId" TEXT,
    "scopeLabel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "triggerRef" TEXT,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "restoredAt" TIMESTAMP(3),
    "restoredBy" TEXT,
    "restoreReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Revocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevocationIdentity" (
    "tenantId" TEXT NOT NULL,
    "revocationId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "viaId" TEXT,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "previousStatus" TEXT NOT NULL,

    CONSTRAINT "RevocationIdentity_pkey" PRIMARY KEY ("revocationId","identityId")
);

-- CreateTable
CREATE TABLE "RevocationTarget" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "revocationId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "commandId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "failReason" TEXT,
    "proof" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "RevocationTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevocationWebhook" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "RevocationWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AgentIdentity_tenantId_status_idx" ON "AgentIdentity"("tenantId", "status");

-- CreateIndex
CREATE INDEX "AgentIdentity_tenantId_personId_idx" ON "AgentIdentity"("tenantId", "personId");

-- CreateIndex
CREATE INDEX "AgentIdentity_tenantId_productSlug_idx" ON "AgentIdentity"("tenantId", "productSlug");

-- CreateIndex
CREATE INDEX "AgentIdentity_deviceId_productSlug_idx" ON "AgentIdentity"("deviceId", "productSlug");

-- CreateIndex
CREATE INDEX "AgentIdentity_parentId_idx" ON "AgentIdentity"("parentId");

-- CreateIndex
CREATE INDEX "AgentCredential_identityId_issuedAt_idx" ON "AgentCredential"("identityId", "issuedAt");

-- CreateIndex
CREATE INDEX "AgentCredential_tenantId_expiresAt_idx" ON "AgentCredential"("tenantId", "expiresAt");

-- CreateIndex
CREATE INDEX "AgentSigningKey_tenantId_status_idx" ON "AgentSigningKey"("tenantId", "status");

-- CreateIndex
CREATE INDEX "Revocation_tenantId_createdAt_idx" ON "Revocation"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Revocation_tenantId_trigger_triggerRef_idx" ON "Revocation"("tenantId", "trigger", "triggerRef");

-- CreateIndex
CREATE INDEX "RevocationIdentity_identityId_idx" ON "RevocationIdentity"("identityId");

-- CreateIndex
CREATE UNIQUE INDEX "RevocationTarget_commandId_key" ON "RevocationTarget"("commandId");

-- CreateIndex
CREATE INDEX "RevocationTarget_tenantId_status_idx" ON "RevocationTarget"("tenantId", "status");

-- CreateIndex
CREATE INDEX "RevocationTarget_deviceId_idx" ON "RevocationTarget"("deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "RevocationTarget_revocationId_deviceId_key" ON "RevocationTarget"("revocationId", "deviceId");

-- CreateIndex
CREATE INDEX "RevocationWebhook_tenantId_idx" ON "RevocationWebhook"("tenantId");

-- CreateIndex
CREATE INDEX "DeviceCommand_status_createdAt_idx" ON "DeviceCommand"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "AgentIdentity" ADD CONSTRAINT "AgentIdentity_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentIdentity" ADD CONSTRAINT "AgentIdentity_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentIdentity" ADD CONSTRAINT "AgentIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentIdentity" ADD CONSTRAINT "AgentIdentity_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "AgentIdentity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentCredential" ADD CONSTRAINT "AgentCredential_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentCredential" ADD CONSTRAINT "AgentCredential_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "AgentIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSigningKey" ADD CONSTRAINT "AgentSigningKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revocation" ADD CONSTRAINT "Revocation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RevocationIdentity" ADD CONSTRAINT "RevocationIdentity_revocationId_fkey" FOREIGN KEY ("revocationId") REFERENCES "Revocation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RevocationTarget" ADD CONSTRAINT "RevocationTarget_revocationId_fkey" FOREIGN KEY ("revocationId") REFERENCES "Revocation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RevocationWebhook" ADD CONSTRAINT "RevocationWebhook_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

