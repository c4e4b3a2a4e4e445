/**
 * SCIM 2.0 URNs (RFC 7643 §3, §4, §8.7; RFC 7644 §3.5.2, §3.12, §3.4.2).
 */
export const SCIM_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCIM_ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const SCIM_PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SCIM_LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const SCIM_RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCIM_SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/** Media type of every SCIM response body (RFC 7644 §3.1). */
export const SCIM_CONTENT_TYPE = "application/scim+json";

/** Largest page the service returns; advertised as filter.maxResults in ServiceProviderConfig. */
export const SCIM_MAX_RESULTS = 200;

/** Longest filter expression accepted; longer ones are refused with invalidFilter. */
export const SCIM_MAX_FILTER_LENGTH = 4096;

export type TScimResourceType = "User" | "Group";
