/**
 * zod schemas for the values SCIM clients send, shared by the POST/PUT parsers and PATCH.
 * Booleans also accept the strings "True"/"False" (any case): Entra ID sends them that way
 * without the aadOptscim062020 flag (Microsoft Learn, "Known issues and resolutions with SCIM
 * 2.0 protocol compliance", "Requests made to disable users").
 */
import { z } from "zod";
import { ScimError } from "./scim-errors";

export const ZScimBoolean = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i, "expected true or false")
    .transform((s) => s.toLowerCase() === "true"),
]);

export const ZScimNullableString = z.string().nullable();

export const ZScimRequiredString = z.string().refine((s) => s.trim() !== "", "must not be empty");

/** One value of a multi-valued string attribute (emails, phoneNumbers): RFC 7643 §2.4. */
export const ZScimMultiValue = z
  .object({
    value: ZScimRequiredString,
    type: ZScimNullableString.optional(),
    primary: ZScimBoolean.optional(),
    display: z.unknown().optional(),
  })
  .transform((v) => ({ value: v.value, type: v.type ?? null, primary: v.primary ?? false }));
export type TScimMultiValue = z.output<typeof ZScimMultiValue>;

/** The manager: a bare id (Entra) or `{ value, $ref?, displayName? }` (RFC 7643 §4.3). */
export const ZScimManager = z
  .union([
    z.string(),
    z.object({ value: z.string().nullable().optional(), $ref: z.unknown().optional(), displayName: z.unknown().optional() }),
    z.null(),
  ])
  .transform((m) => {
    const value = typeof m === "string" ? m : (m?.value ?? null);
    return value === null || value.trim() === "" ? null : value;
  });

/** Lower-case every key of a plain object, refusing anything that is not one. */
export function lowerCaseKeys(options: { value: unknown; what: string }): Map<string, [string, unknown]> {
  const { value, what } = options;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ScimError(400, "invalidSyntax", `${what} must be a JSON object`);
  }
  const map = new Map<string, [string, unknown]>();
  for (const [key, v] of Object.entries(value)) {
    if (map.has(key.toLowerCase())) throw new ScimError(400, "invalidSyntax", `${what} names '${key}' twice`);
    map.set(key.toLowerCase(), [key, v]);
  }
  return map;
}

/** Validate `value` with `schema`, turning a failure into ScimError(400, invalidValue) naming `attribute`. */
export function parseScimValue<S extends z.ZodType>(options: { schema: S; value: unknown; attribute: string }): z.output<S> {
  const result = options.schema.safeParse(options.value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${options.attribute}.${issue.path.join(".")}` : options.attribute;
  throw new ScimError(400, "invalidValue", `Invalid value for '${where}': ${issue?.message ?? "invalid"}`);
}

/** RFC 7643 §2.4: "primary" true appears no more than once. */
export function checkSinglePrimary(options: { values: ReadonlyArray<{ primary: boolean }>; attribute: string }): void {
  if (options.values.filter((v) => v.primary).length > 1) {
    throw new ScimError(400, "invalidValue", `Only one of '${options.attribute}' may be primary`);
  }
}
