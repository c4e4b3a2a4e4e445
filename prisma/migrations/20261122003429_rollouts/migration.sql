-- CreateTable
CREATE TABLE "Rollout" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "currentStage" INTEGER NOT NULL DEFAULT 0,
    "plan" JSONB NOT NULL,
    "haltReason" TEXT,
    "rollbackReason" TEXT,
    "createdByType" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "haltedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "rolledBackAt" TIMESTAMP(3),

    CONSTRAINT "Rollout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutChange" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "baseVersion" INTEGER,
    "version" INTEGER,
    "before" JSONB,
    "after" JSONB,
    "diff" JSONB NOT NULL DEFAULT '[]',
    "revisionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RolloutChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutStage" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "ring" "Ring" NOT NULL,
    "waves" INTEGER[],
    "wavesDone" INTEGER NOT NULL DEFAULT 0,
    "soakMinutes" INTEGER NOT NULL,
    "gates" JSONB NOT NULL,
    "approvalRole" TEXT,
    "twoPerson" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "startedAt" TIMESTAMP(3),
    "lastWaveAt" TIMESTAMP(3),
    "passedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "failReason" TEXT,
    "metrics" JSONB,

    CONSTRAINT "RolloutStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutApproval" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "stageIndex" INTEGER NOT NULL,
    "approverType" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "approverLabel" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RolloutApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutDeviceState" (
    "tenantId" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "ring" "Ring" NOT NULL,
    "stageIndex" INTEGER NOT NULL,
    "wave" INTEGER NOT NULL,
    "bundleVersion" TEXT,
    "commandId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "failReason" TEXT,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "attestedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "rolledBackAt" TIMESTAMP(3),

    CONSTRAINT "RolloutDeviceState_pkey" PRIMARY KEY ("rolloutId","deviceId")
);

-- CreateTable
CREATE TABLE "RolloutLock" (
    "tenantId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RolloutLock_pkey" PRIMARY KEY ("tenantId","key")
);

-- CreateTable
CREATE TABLE "RolloutGateSample" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "stageIndex" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "targeted" INTEGER NOT NULL,
    "applied" INTEGER NOT NULL,
    "attested" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "startFailures" INTEGER NOT NULL,
    "errorEvents" INTEGER NOT NULL,
    "killSwitches" INTEGER NOT NULL,

    CONSTRAINT "RolloutGateSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Rollout_tenantId_status_idx" ON "Rollout"("tenantId", "status");

-- CreateIndex
CREATE INDEX "Rollout_tenantId_createdAt_idx" ON "Rollout"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "RolloutChange_rolloutId_idx" ON "RolloutChange"("rolloutId");

-- CreateIndex
CREATE INDEX "RolloutChange_tenantId_kind_target_idx" ON "RolloutChange"("tenantId", "kind", "target");

-- CreateIndex
CREATE INDEX "RolloutStage_tenantId_status_idx" ON "RolloutStage"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RolloutStage_rolloutId_index_key" ON "RolloutStage"("rolloutId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "RolloutApproval_rolloutId_stageIndex_approverType_approverI_key" ON "RolloutApproval"("rolloutId", "stageIndex", "approverType", "approverId");

-- CreateIndex
CREATE INDEX "RolloutDeviceState_tenantId_deviceId_idx" ON "RolloutDeviceState"("tenantId", "deviceId");

-- CreateIndex
CREATE INDEX "RolloutDeviceState_rolloutId_stageIndex_status_idx" ON "RolloutDeviceState"("rolloutId", "stageIndex", "status");

-- CreateIndex
CREATE INDEX "RolloutLock_rolloutId_idx" ON "RolloutLock"("rolloutId");

-- CreateIndex
CREATE INDEX "RolloutGateSample_rolloutId_stageIndex_at_idx" ON "RolloutGateSample"("rolloutId", "stageIndex", "at");

-- AddForeignKey
ALTER TABLE "Rollout" ADD CONSTRAINT "Rollout_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutChange" ADD CONSTRAINT "RolloutChange_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutChange" ADD CONSTRAINT "RolloutChange_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutStage" ADD CONSTRAINT "RolloutStage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutStage" ADD CONSTRAINT "RolloutStage_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutApproval" ADD CONSTRAINT "RolloutApproval_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutApproval" ADD CONSTRAINT "RolloutApproval_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutDeviceState" ADD CONSTRAINT "RolloutDeviceState_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutDeviceState" ADD CONSTRAINT "RolloutDeviceState_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutLock" ADD CONSTRAINT "RolloutLock_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutGateSample" ADD CONSTRAINT "RolloutGateSample_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutGateSample" ADD CONSTRAINT "RolloutGateSample_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

