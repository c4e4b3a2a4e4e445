import { handleRestRequest } from "@/server/http/rest-api";

export const dynamic = "force-dynamic";

export { handleRestRequest as GET, handleRestRequest as POST, handleRestRequest as PUT, handleRestRequest as PATCH, handleRestRequest as DELETE };
