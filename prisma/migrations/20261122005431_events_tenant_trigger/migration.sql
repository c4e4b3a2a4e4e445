-- Events: no per-row foreign key to Tenant (each inserted event paid a referential-integrity check; ingest
-- throughput, see bench/events-pipeline.ts). Tenant deletion still removes the tenant's events: a BEFORE DELETE
-- trigger on "Tenant" deletes them in the same transaction (the former ON DELETE CASCADE).

-- DropForeignKey
ALTER TABLE "Event" DROP CONSTRAINT "Event_tenantId_fkey";

CREATE OR REPLACE FUNCTION "marshal_delete_tenant_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "Event" WHERE "tenantId" = OLD."id";
  RETURN OLD;
END;
$$;

CREATE TRIGGER "Tenant_delete_events" BEFORE DELETE ON "Tenant"
  FOR EACH ROW EXECUTE FUNCTION "marshal_delete_tenant_events"();
