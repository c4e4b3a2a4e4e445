import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "@/server/trpc/root";
import { env } from "@/server/env";

let cached: ReturnType<typeof generateOpenApiDocument> | undefined;

/** The OpenAPI 3 document, generated from the same tRPC procedures the console calls. */
export function openApiDocument() {
  cached ??= generateOpenApiDocument(appRouter, {
    title: "Marshal REST API",
    description:
      "Automation API for Marshal (SOAR playbooks, scripts, CI). Authenticate with a tenant API key: `Authorization: Bearer mk_...`. " +
      "Keys with `read` scope can call GET endpoints; `admin` keys can also change things. The key names its tenant, so `tenantSlug` may be omitted.",
    version: "1.0.0",
    baseUrl: `${env().MARSHAL_PUBLIC_URL.replace(/\/$/, "")}/api/v1`,
    securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "A tenant API key (mk_...)" } },
  });
  return cached;
}
