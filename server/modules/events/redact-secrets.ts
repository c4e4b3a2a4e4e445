/** The shared redactor lives in server/contracts/redact-secrets.ts (the enroller bundles it too). */
export * from "@/server/contracts/redact-secrets";
