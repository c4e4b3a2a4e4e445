import { PrismaAdapter } from "@auth/prisma-adapter";
import { rootDb } from "./client";

/** Auth.js keeps users, accounts and sessions through this adapter (database sessions). */
export function authAdapter() {
  return PrismaAdapter(rootDb() as unknown as Parameters<typeof PrismaAdapter>[0]);
}
