import { describe, expect, it } from "vitest";
import { signUp } from "./sign-up";
import { signInWithPassword } from "./sign-in-with-password";
import { listMembershipsOfUser } from "@/server/db/accounts";

describe("sign-up and password sign-in", () => {
  it("creates a tenant whose first user is its owner", async () => {
    const email = `founder-${Date.now()}@example.test`;
    const { userId, tenantSlug } = await signUp({ name: "Fay Founder", email, password: "a long enough password", organization: "Initech Security" });
    expect(tenantSlug).toMatch(/^initech-security/);
    expect(await listMembershipsOfUser(userId)).toMatchObject([{ role: "owner", tenant: { slug: tenantSlug } }]);
    const user = await signInWithPassword({ email: email.toUpperCase(), password: "a long enough password", clientKey: "t" });
    expect(user.id).toBe(userId);
  });

  it("refuses wrong passwords, unknown users, weak passwords and duplicate accounts with clear messages", async () => {
    const email = `dup-${Date.now()}@example.test`;
    await signUp({ name: "A", email, password: "a long enough password", organization: "Dup Org" });
    await expect(signInWithPassword({ email, password: "wrong password!!", clientKey: "t" })).rejects.toThrow("Wrong email or password");
    await expect(signInWithPassword({ email: "nobody@example.test", password: "whatever whatever", clientKey: "t" })).rejects.toThrow("Wrong email or password");
    await expect(signUp({ name: "A", email, password: "a long enough password", organization: "Other" })).rejects.toThrow(/exists already/);
    await expect(signUp({ name: "A", email: "x@example.test", password: "short", organization: "Other" })).rejects.toThrow(/12 characters/);
  });

  it("slows down a password guesser", async () => {
    const email = `guess-${Date.now()}@example.test`;
    await signUp({ name: "A", email, password: "a long enough password", organization: "Guess Org" });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      outcomes.push(await signInWithPassword({ email, password: `guess-${i}-xxxxxxxx`, clientKey: "attacker" }).then(() => "ok", (e: Error) => e.message));
    }
    expect(outcomes.slice(0, 10).every((m) => m === "Wrong email or password")).toBe(true);
    expect(outcomes[11]).toMatch(/Too many failed sign-ins/);
  });
});
