/** The signed-in console user, and the database session cookie for password sign-in. */
import { cookies } from "next/headers";
import { auth } from "./config";
import { createDatabaseSession, deleteDatabaseSession } from "@/server/db/accounts";
import { env } from "@/server/env";

export type TSessionUser = { id: string; email: string; name: string | null };

/** The same cookie Auth.js reads for database sessions. */
export function sessionCookieName(): string {
  return env().MARSHAL_PUBLIC_URL.startsWith("https://") ? "__Secure-authjs.session-token" : "authjs.session-token";
}

export async function currentUser(): Promise<TSessionUser | null> {
  const session = await auth();
  const u = session?.user;
  if (!u?.id || !u.email) return null;
  return { id: u.id, email: u.email, name: u.name ?? null };
}

export async function startSession(userId: string): Promise<void> {
  const { sessionToken, expires } = await createDatabaseSession(userId);
  const jar = await cookies();
  jar.set(sessionCookieName(), sessionToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().MARSHAL_PUBLIC_URL.startsWith("https://"),
    path: "/",
    expires,
  });
}

export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(sessionCookieName())?.value;
  if (token) await deleteDatabaseSession(token);
  jar.delete(sessionCookieName());
}
