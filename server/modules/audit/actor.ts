/** Who did something: a console member, an API key, the system, a device or the identity provider. */
export type TActor = {
  type: "member" | "api_key" | "system" | "device" | "scim" | "webhook";
  id: string | null;
  label: string;
};

export const SYSTEM_ACTOR: TActor = { type: "system", id: null, label: "Marshal" };
