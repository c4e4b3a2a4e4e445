/**
 * Discovery resources (RFC 7644 §4; RFC 7643 §5 ServiceProviderConfig, §6 ResourceType, §7
 * Schema), each with meta.location under `baseUrl` (e.g. https://console.example/scim/v2).
 */
import {
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_GROUP_SCHEMA,
  SCIM_MAX_RESULTS,
  SCIM_RESOURCE_TYPE_SCHEMA,
  SCIM_SCHEMA_SCHEMA,
  SCIM_SERVICE_PROVIDER_CONFIG_SCHEMA,
  SCIM_USER_SCHEMA,
} from "./scim-constants";
import { ScimError } from "./scim-errors";
import { trimBaseUrl } from "./scim-meta";
import {
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  GROUP_SCHEMA_DEFINITION,
  USER_SCHEMA_DEFINITION,
  type TScimSchemaDefinition,
} from "./scim-schema-definitions";
import { toScimListResponse, type TScimListResponse } from "./to-scim-list-response";

export function getServiceProviderConfig(options: { baseUrl: string; documentationUri?: string }) {
  const base = trimBaseUrl(options.baseUrl);
  return {
    schemas: [SCIM_SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(options.documentationUri ? { documentationUri: options.documentationUri } : {}),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "A per-tenant SCIM bearer token created in the Marshal console (Authorization: Bearer <token>).",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

function resourceType(base: string, id: "User" | "Group") {
  return {
    schemas: [SCIM_RESOURCE_TYPE_SCHEMA],
    id,
    name: id,
    endpoint: id === "User" ? "/Users" : "/Groups",
    description: id === "User" ? "A person in the directory, on whose behalf agents act" : "A group of people",
    schema: id === "User" ? SCIM_USER_SCHEMA : SCIM_GROUP_SCHEMA,
    ...(id === "User" ? { schemaExtensions: [{ schema: SCIM_ENTERPRISE_USER_SCHEMA, required: false }] } : {}),
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${id}` },
  };
}

export type TScimResourceTypeResource = ReturnType<typeof resourceType>;

export function listResourceTypes(options: { baseUrl: string }): TScimListResponse<TScimResourceTypeResource> {
  const base = trimBaseUrl(options.baseUrl);
  const resources = [resourceType(base, "User"), resourceType(base, "Group")];
  return toScimListResponse({ resources, totalResults: resources.length, startIndex: 1 });
}

export function getResourceType(options: { baseUrl: string; id: string }): TScimResourceTypeResource {
  const found = listResourceTypes(options).Resources.find((r) => r.id.toLowerCase() === options.id.toLowerCase());
  if (!found) throw new ScimError(404, undefined, `ResourceType ${options.id} not found`);
  return found;
}

function schemaResource(base: string, definition: TScimSchemaDefinition) {
  return {
    schemas: [SCIM_SCHEMA_SCHEMA],
    id: definition.id,
    name: definition.name,
    description: definition.description,
    attributes: definition.attributes,
    meta: { resourceType: "Schema", location: `${base}/Schemas/${definition.id}` },
  };
}

export type TScimSchemaResource = ReturnType<typeof schemaResource>;

export function listScimSchemas(options: { baseUrl: string }): TScimListResponse<TScimSchemaResource> {
  const base = trimBaseUrl(options.baseUrl);
  const resources = [USER_SCHEMA_DEFINITION, GROUP_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA_DEFINITION].map((d) =>
    schemaResource(base, d),
  );
  return toScimListResponse({ resources, totalResults: resources.length, startIndex: 1 });
}

export function getScimSchema(options: { baseUrl: string; id: string }): TScimSchemaResource {
  const found = listScimSchemas(options).Resources.find((r) => r.id.toLowerCase() === options.id.toLowerCase());
  if (!found) throw new ScimError(404, undefined, `Schema ${options.id} not found`);
  return found;
}
