import { AppError } from "@/server/errors";
import { dummyPasswordHash, verifyPassword } from "@/server/auth/password";
import { findUserByEmail } from "@/server/db/accounts";
import { createRateLimiter } from "../rate-limit";
import { recordSignInEvents } from "./record-sign-in-events";

const failures = createRateLimiter({ limit: 10, windowMs: 15 * 60_000 });

/** Checks an email and password. Same answer and similar time whether the account exists or not. */
export async function signInWithPassword(opts: { email: string; password: string; clientKey: string }) {
  const email = opts.email.trim().toLowerCase();
  const limitKey = `${email}|${opts.clientKey}`;
  const user = await findUserByEmail(email);
  const ok = await verifyPassword(opts.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !user.passwordHash || !ok) {
    if (user) await recordSignInEvents({ userId: user.id, email: user.email, outcome: "denied", method: "password", client: opts.clientKey });
    const { allowed, retryAfterSec } = failures.hit(limitKey);
    if (!allowed) throw new AppError("TOO_MANY_REQUESTS", `Too many failed sign-ins; try again in ${Math.ceil(retryAfterSec / 60)} minutes`);
    throw new AppError("UNAUTHORIZED", "Wrong email or password");
  }
  failures.reset(limitKey);
  await recordSignInEvents({ userId: user.id, email: user.email, outcome: "success", method: "password", client: opts.clientKey });
  return { id: user.id, email: user.email, name: user.name };
}
