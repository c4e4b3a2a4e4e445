/**
 * The JSON body of a SCIM write. Larger than the limit → 413; empty or not JSON → 400
 * invalidSyntax (RFC 7644 §3.12), never a 500.
 */
import { ScimError } from "../scim-errors";

export const SCIM_MAX_BODY_BYTES = 1_000_000;

export async function readScimBody(opts: { request: Request; maxBytes?: number }): Promise<unknown> {
  const max = opts.maxBytes ?? SCIM_MAX_BODY_BYTES;
  const declared = Number(opts.request.headers.get("content-length") ?? 0);
  const tooLarge = () => new ScimError(413, undefined, `The request body is larger than ${max} bytes`);
  if (declared > max) throw tooLarge();
  let text: string;
  try {
    const bytes = new Uint8Array(await opts.request.arrayBuffer());
    if (bytes.byteLength > max) throw tooLarge();
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof ScimError) throw error;
    throw new ScimError(400, "invalidSyntax", "The request body is not valid UTF-8");
  }
  if (text.trim() === "") throw new ScimError(400, "invalidSyntax", "The request body is empty");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ScimError(400, "invalidSyntax", "The request body is not valid JSON");
  }
}
