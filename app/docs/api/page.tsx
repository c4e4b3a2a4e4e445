import { ApiReference } from "@/components/docs/api-reference";
import { openApiDocument } from "@/server/http/openapi";

export const metadata = { title: "REST API" };
export const dynamic = "force-dynamic";

export default function ApiDocsPage() {
  return <ApiReference document={openApiDocument() as unknown as Parameters<typeof ApiReference>[0]["document"]} />;
}
