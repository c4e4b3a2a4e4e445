/** The OTel -> event mapping lives in server/contracts/otel-events.ts (the enroller's OTLP receiver bundles it). */
export * from "@/server/contracts/otel-events";
