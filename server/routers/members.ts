import { z } from "zod";
import { ROLES } from "@/server/auth/roles";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { listInvites, listMembers } from "@/server/modules/members/list-members";
import { inviteMember, revokeInvite } from "@/server/modules/members/invite-member";
import { changeMemberRole, removeMember } from "@/server/modules/members/change-member-role";
import { env } from "@/server/env";

const ZRole = z.enum(ROLES);
const ZMember = z.object({ id: z.string(), role: ZRole, email: z.string(), name: z.string().nullable(), createdAt: z.date() });
const ZInvite = z.object({ id: z.string(), email: z.string(), role: ZRole, expiresAt: z.date(), createdAt: z.date() });

export const membersRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/members", protect: true, tags: ["members"], summary: "List members of the tenant" } })
    .output(z.array(ZMember))
    .query(({ ctx }) => listMembers({ scope: ctx.scope })),

  invites: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/members/invites", protect: true, tags: ["members"], summary: "List pending invites" } })
    .output(z.array(ZInvite))
    .query(({ ctx }) => listInvites({ scope: ctx.scope })),

  invite: adminProcedure
    .meta({ openapi: { method: "POST", path: "/members/invites", protect: true, tags: ["members"], summary: "Invite a member by email; returns the invite link once" } })
    .input(z.object({ email: z.email("Enter a valid email address").max(254), role: ZRole }))
    .output(z.object({ id: z.string(), email: z.string(), role: ZRole, expiresAt: z.date(), link: z.string() }))
    .mutation(({ ctx, input }) =>
      inviteMember({ scope: ctx.scope, email: input.email, role: input.role, actorRole: ctx.role, publicUrl: env().MARSHAL_PUBLIC_URL }),
    ),

  revokeInvite: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/members/invites/{id}", protect: true, tags: ["members"], summary: "Revoke a pending invite" } })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => revokeInvite({ scope: ctx.scope, id: input.id })),

  changeRole: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/members/{memberId}", protect: true, tags: ["members"], summary: "Change a member's role" } })
    .input(z.object({ memberId: z.string().min(1).max(64), role: ZRole }))
    .output(z.object({ id: z.string(), role: ZRole }))
    .mutation(({ ctx, input }) => changeMemberRole({ scope: ctx.scope, memberId: input.memberId, role: input.role, actorRole: ctx.role })),

  remove: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/members/{memberId}", protect: true, tags: ["members"], summary: "Remove a member (the last owner cannot be removed)" } })
    .input(z.object({ memberId: z.string().min(1).max(64) }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => removeMember({ scope: ctx.scope, memberId: input.memberId, actorRole: ctx.role })),
});
