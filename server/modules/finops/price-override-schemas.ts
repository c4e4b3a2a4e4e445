import { z } from "zod";
import { ZModelProvider } from "@/server/contracts/pricing";

const ZRate = z.number().finite().nonnegative().max(100_000, "USD per 1M tokens above 100000 is surely a typo");

export const ZPriceOverrideInput = z.object({
  provider: ZModelProvider,
  model: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]*$/, "a vendor model id such as claude-sonnet-4-5").max(120),
  input: ZRate,
  output: ZRate,
  cacheRead: ZRate,
  cacheWrite: ZRate,
  note: z.string().trim().max(200).optional(),
});
export type TPriceOverrideInput = z.input<typeof ZPriceOverrideInput>;

export const ZPriceOverride = z.object({
  id: z.string(),
  provider: ZModelProvider,
  model: z.string(),
  input: z.number(),
  output: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  note: z.string().nullable(),
  updatedAt: z.date(),
});
export type TPriceOverride = z.infer<typeof ZPriceOverride>;
