import type { inferRouterOutputs } from "@trpc/server";
import type { TAppRouter } from "@/server/trpc/root";

/** The rollout detail as the console receives it. */
export type TRolloutView = inferRouterOutputs<TAppRouter>["rollouts"]["get"];
