/** ListResponse (RFC 7644 §3.4.2): totalResults, startIndex, itemsPerPage are integers (Okta requires it). */
import { SCIM_LIST_RESPONSE_SCHEMA } from "./scim-constants";

export type TScimListResponse<T> = {
  schemas: [typeof SCIM_LIST_RESPONSE_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
};

export function toScimListResponse<T>(options: { resources: T[]; totalResults: number; startIndex: number }): TScimListResponse<T> {
  return {
    schemas: [SCIM_LIST_RESPONSE_SCHEMA],
    totalResults: options.totalResults,
    startIndex: options.startIndex,
    itemsPerPage: options.resources.length,
    Resources: options.resources,
  };
}
