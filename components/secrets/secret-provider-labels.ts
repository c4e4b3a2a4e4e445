import type { TSecretProvider } from "@/server/modules/secrets/secret-schemas";

export type TSecretProviderChoice = TSecretProvider;

/** How each provider's key is presented upstream (see server/modules/secrets/secret-schemas.ts for the vendor docs). */
export const SECRET_PROVIDER_LABELS: Record<TSecretProvider, string> = {
  anthropic: "Anthropic (x-api-key)",
  openai: "OpenAI (Authorization: Bearer)",
  gemini: "Google Gemini (x-goog-api-key)",
  custom: "Custom header",
};
