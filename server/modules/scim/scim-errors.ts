import { SCIM_ERROR_SCHEMA } from "./scim-constants";

/**
 * scimType values of RFC 7644 §3.12, table 9. Errors without a scimType (404, 409 on a version
 * mismatch, 412, 429, 500) leave it undefined.
 */
export type TScimErrorType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export type TScimErrorBody = {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  /** RFC 7644 §3.12: "The HTTP status code ... expressed as a JSON string." */
  status: string;
  scimType?: TScimErrorType;
  detail?: string;
};

/** A SCIM protocol error: thrown by every module here, turned into a response by toScimErrorBody. */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: TScimErrorType | undefined;
  readonly detail: string;

  constructor(status: number, scimType: TScimErrorType | undefined, detail: string) {
    super(detail);
    this.name = "ScimError";
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
  }
}

export function isScimError(value: unknown): value is ScimError {
  return value instanceof ScimError;
}

/** RFC 7644 §3.12 error body. Anything that is not a ScimError becomes a detail-free 500. */
export function toScimErrorBody(error: unknown): TScimErrorBody {
  if (!isScimError(error)) return { schemas: [SCIM_ERROR_SCHEMA], status: "500", detail: "Internal server error" };
  const body: TScimErrorBody = { schemas: [SCIM_ERROR_SCHEMA], status: String(error.status), detail: error.detail };
  if (error.scimType) body.scimType = error.scimType;
  return body;
}

/** 409 uniqueness, for the route to throw when the database refuses a duplicate (e.g. userName). */
export function uniquenessError(attribute: string): ScimError {
  return new ScimError(409, "uniqueness", `${attribute} is already in use by another resource`);
}

export function notFoundError(resourceType: string, id: string): ScimError {
  return new ScimError(404, undefined, `${resourceType} ${id} not found`);
}
