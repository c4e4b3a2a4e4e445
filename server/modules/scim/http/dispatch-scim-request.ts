/**
 * One authenticated SCIM request → the DB-backed operation (RFC 7644 §3.2 endpoints and
 * methods). Writes answer 201 + Location (create), 200 with the resource (PUT, PATCH) or 204
 * (DELETE); every resource response carries its ETag (RFC 7644 §3.14); a GET with a matching
 * If-None-Match gets 304.
 */
import { parseListParams } from "../parse-list-params";
import { resolveScimEndpoint, type TScimEndpoint } from "../resolve-scim-endpoint";
import { getResourceType, getScimSchema, getServiceProviderConfig, listResourceTypes, listScimSchemas } from "../scim-discovery";
import { ScimError } from "../scim-errors";
import { formatScimVersion, scimLocation } from "../scim-meta";
import { createScimGroup } from "../service/create-scim-group";
import { createScimUser } from "../service/create-scim-user";
import { deleteScimGroup } from "../service/delete-scim-group";
import { deleteScimUser } from "../service/delete-scim-user";
import { getScimGroup } from "../service/get-scim-group";
import { getScimUser, renderUser } from "../service/get-scim-user";
import { listScimGroups } from "../service/list-scim-groups";
import { listScimUsers } from "../service/list-scim-users";
import { patchScimGroup } from "../service/patch-scim-group";
import { patchScimUser } from "../service/patch-scim-user";
import { replaceScimGroup } from "../service/replace-scim-group";
import { replaceScimUser } from "../service/replace-scim-user";
import type { TScimServiceContext } from "../service/scim-service-context";
import { toScimGroup } from "../to-scim-group";
import type { TGroupRecord, TPersonRecord } from "../scim-records";
import { readScimBody } from "./read-scim-body";
import { scimJson } from "./scim-response";

const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

function methodNotAllowed(allow: string[]): never {
  throw new ScimError(405, undefined, `Method not allowed here; use ${allow.join(", ")}`);
}

export function allowedMethods(target: TScimEndpoint): string[] {
  if (target.endpoint === "Users" || target.endpoint === "Groups") {
    if (!target.id) return ["GET", "POST"];
    if (target.id === ".search") return ["POST"];
    return ["GET", "PUT", "PATCH", "DELETE"];
  }
  return ["GET"];
}

/** POST /<Resource>/.search (RFC 7644 §3.4.3): the SearchRequest body as list parameters. */
function searchParams(body: unknown): Record<string, string> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ScimError(400, "invalidSyntax", "A SearchRequest is a JSON object");
  const record = body as Record<string, unknown>;
  const schemas = record.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase())) {
    throw new ScimError(400, "invalidValue", `'schemas' must include ${SEARCH_REQUEST_SCHEMA}`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "schemas" || value === null || value === undefined) continue;
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) out[key] = value.join(",");
    else if (typeof value === "string" || typeof value === "number") out[key] = String(value);
    else throw new ScimError(400, "invalidValue", `'${key}' has the wrong type`);
  }
  return out;
}

type TResourceAnswer = { resource: unknown; version: number; status: number; location?: string };

function resourceResponse(answer: TResourceAnswer): Response {
  const headers: Record<string, string> = { etag: formatScimVersion(answer.version) };
  if (answer.location) headers.location = answer.location;
  return scimJson(answer.resource, { status: answer.status, headers });
}

function notModified(request: Request, version: number): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  const wanted = `"${version}"`;
  return header.split(",").some((tag) => tag.trim() === "*" || tag.trim().replace(/^W\//, "") === wanted);
}

export async function dispatchScimRequest(opts: { ctx: TScimServiceContext; request: Request; segments: string[] }): Promise<Response> {
  const { ctx, request } = opts;
  const method = request.method.toUpperCase();
  const url = new URL(request.url);
  const target = resolveScimEndpoint({ segments: opts.segments });
  const allow = allowedMethods(target);
  if (!allow.includes(method)) methodNotAllowed(allow);
  const { baseUrl } = ctx;
  const ifMatch = request.headers.get("if-match");
  const projection = () => {
    const p = parseListParams({ params: url.searchParams });
    return { attributes: p.attributes, excludedAttributes: p.excludedAttributes };
  };

  switch (target.endpoint) {
    case "ServiceProviderConfig":
      return scimJson(getServiceProviderConfig({ baseUrl }));
    case "ResourceTypes":
      return scimJson(target.id ? getResourceType({ baseUrl, id: target.id }) : listResourceTypes({ baseUrl }));
    case "Schemas":
      return scimJson(target.id ? getScimSchema({ baseUrl, id: target.id }) : listScimSchemas({ baseUrl }));
    case "Users":
      return dispatchUsers({ ctx, request, method, id: target.id, url, ifMatch, projection });
    case "Groups":
      return dispatchGroups({ ctx, request, method, id: target.id, url, ifMatch, projection });
  }
}

type TDispatchArgs = {
  ctx: TScimServiceContext;
  request: Request;
  method: string;
  id: string | undefined;
  url: URL;
  ifMatch: string | null;
  projection: () => { attributes: string[]; excludedAttributes: string[] };
};

async function dispatchUsers(a: TDispatchArgs): Promise<Response> {
  const { ctx, request, method, id } = a;
  const answer = async (record: TPersonRecord, status: number, location?: string) =>
    resourceResponse({ resource: await renderUser({ ctx, record, ...a.projection() }), version: record.version, status, location });
  if (!id) {
    if (method === "GET") return scimJson(await listScimUsers({ ctx, params: parseListParams({ params: a.url.searchParams }) }));
    const record = await createScimUser({ ctx, body: await readScimBody({ request }) });
    return answer(record, 201, scimLocation({ baseUrl: ctx.baseUrl, endpoint: "Users", id: record.id }));
  }
  if (id === ".search") {
    return scimJson(await listScimUsers({ ctx, params: parseListParams({ params: searchParams(await readScimBody({ request })) }) }));
  }
  switch (method) {
    case "GET": {
      const { record, resource } = await getScimUser({ ctx, id, ...a.projection() });
      if (notModified(request, record.version)) return new Response(null, { status: 304, headers: { etag: formatScimVersion(record.version) } });
      return resourceResponse({ resource, version: record.version, status: 200 });
    }
    case "PUT":
      return answer((await replaceScimUser({ ctx, id, body: await readScimBody({ request }), ifMatch: a.ifMatch })).record, 200);
    case "PATCH":
      return answer((await patchScimUser({ ctx, id, body: await readScimBody({ request }), ifMatch: a.ifMatch })).record, 200);
    default:
      await deleteScimUser({ ctx, id, ifMatch: a.ifMatch });
      return new Response(null, { status: 204 });
  }
}

async function dispatchGroups(a: TDispatchArgs): Promise<Response> {
  const { ctx, request, method, id } = a;
  const answer = (record: TGroupRecord, status: number, location?: string) =>
    resourceResponse({ resource: toScimGroup({ group: record, baseUrl: ctx.baseUrl, ...a.projection() }), version: record.version, status, location });
  if (!id) {
    if (method === "GET") return scimJson(await listScimGroups({ ctx, params: parseListParams({ params: a.url.searchParams }) }));
    const record = await createScimGroup({ ctx, body: await readScimBody({ request }) });
    return answer(record, 201, scimLocation({ baseUrl: ctx.baseUrl, endpoint: "Groups", id: record.id }));
  }
  if (id === ".search") {
    return scimJson(await listScimGroups({ ctx, params: parseListParams({ params: searchParams(await readScimBody({ request })) }) }));
  }
  switch (method) {
    case "GET": {
      const { record, resource } = await getScimGroup({ ctx, id, ...a.projection() });
      if (notModified(request, record.version)) return new Response(null, { status: 304, headers: { etag: formatScimVersion(record.version) } });
      return resourceResponse({ resource, version: record.version, status: 200 });
    }
    case "PUT":
      return answer((await replaceScimGroup({ ctx, id, body: await readScimBody({ request }), ifMatch: a.ifMatch })).record, 200);
    case "PATCH":
      return answer((await patchScimGroup({ ctx, id, body: await readScimBody({ request }), ifMatch: a.ifMatch })).record, 200);
    default:
      await deleteScimGroup({ ctx, id, ifMatch: a.ifMatch });
      return new Response(null, { status: 204 });
  }
}
