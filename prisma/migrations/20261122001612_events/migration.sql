-- Events (issue 4): partitioned event store, SIEM sinks, dead letters, replays, saved searches.
-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "tenantId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "actorIdentityId" TEXT,
    "actorProductSlug" TEXT,
    "actorProductVersion" TEXT,
    "actorMemberId" TEXT,
    "actorEmail" TEXT,
    "personId" TEXT,
    "personUserName" TEXT,
    "deviceId" TEXT,
    "deviceHostname" TEXT,
    "intent" TEXT,
    "target" TEXT,
    "params" JSONB,
    "outcome" TEXT NOT NULL,
    "costUsd" DOUBLE PRECISION,
    "tokensIn" BIGINT,
    "tokensOut" BIGINT,
    "tokensCacheRead" BIGINT,
    "tokensCacheWrite" BIGINT,
    "sessionId" TEXT,
    "revocationId" TEXT,
    "rolloutId" TEXT,
    "requestId" TEXT,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id","time")
) PARTITION BY RANGE ("time");
-- Hand edit: "Event" is partitioned by day on "time". Partitions ("Event_pYYYYMMDD") are created
-- ahead by the events.maintain job and on demand before an insert (server/db/events.ts), and
-- dropped whole once past the longest tenant retention; shorter tenant retentions delete by tenant.
-- Indexes and the foreign key below are declared on the parent and cascade to every partition.

-- CreateTable
CREATE TABLE "EventSink" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secretCiphertext" TEXT,
    "eventTypes" TEXT[],
    "minSeverity" TEXT NOT NULL DEFAULT 'info',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "cursorTime" TIMESTAMPTZ(3),
    "cursorId" UUID,
    "deliveredCount" BIGINT NOT NULL DEFAULT 0,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastAttemptAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventSink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventSinkDeadLetter" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "sinkId" TEXT NOT NULL,
    "fromTime" TIMESTAMPTZ(3) NOT NULL,
    "fromId" UUID NOT NULL,
    "toTime" TIMESTAMPTZ(3) NOT NULL,
    "toId" UUID NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "error" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayedAt" TIMESTAMP(3),

    CONSTRAINT "EventSinkDeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventSinkReplay" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "sinkId" TEXT NOT NULL,
    "fromTime" TIMESTAMPTZ(3) NOT NULL,
    "toTime" TIMESTAMPTZ(3) NOT NULL,
    "cursorTime" TIMESTAMPTZ(3),
    "cursorId" UUID,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "sentCount" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "EventSinkReplay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedEventSearch" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedEventSearch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Event_tenantId_time_id_idx" ON "Event"("tenantId", "time", "id");

-- CreateIndex
CREATE INDEX "Event_tenantId_type_time_idx" ON "Event"("tenantId", "type", "time");

-- CreateIndex
CREATE UNIQUE INDEX "Event_tenantId_key_time_key" ON "Event"("tenantId", "key", "time");

-- CreateIndex
CREATE UNIQUE INDEX "EventSink_tenantId_name_key" ON "EventSink"("tenantId", "name");

-- CreateIndex
CREATE INDEX "EventSinkDeadLetter_tenantId_sinkId_createdAt_idx" ON "EventSinkDeadLetter"("tenantId", "sinkId", "createdAt");

-- CreateIndex
CREATE INDEX "EventSinkReplay_tenantId_sinkId_createdAt_idx" ON "EventSinkReplay"("tenantId", "sinkId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SavedEventSearch_tenantId_name_key" ON "SavedEventSearch"("tenantId", "name");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSink" ADD CONSTRAINT "EventSink_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSinkDeadLetter" ADD CONSTRAINT "EventSinkDeadLetter_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSinkDeadLetter" ADD CONSTRAINT "EventSinkDeadLetter_sinkId_fkey" FOREIGN KEY ("sinkId") REFERENCES "EventSink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSinkReplay" ADD CONSTRAINT "EventSinkReplay_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSinkReplay" ADD CONSTRAINT "EventSinkReplay_sinkId_fkey" FOREIGN KEY ("sinkId") REFERENCES "EventSink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedEventSearch" ADD CONSTRAINT "SavedEventSearch_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

