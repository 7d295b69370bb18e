"use server";
import { acceptInvitation, invitationRefusal, invitationState, type InvitationState } from "@/lib/domain/invitations";
import { acceptInvitationSchema, invitationTokenSchema } from "@/lib/validations/people";
import { defineAction } from "./define-action";

/** What the invitation page shows for its link: whose it is while it can be used, else why not. */
export type InvitationView = { state: InvitationState["state"]; message: string; email?: string; name?: string; expiresAt?: string };

// Public: the link's token is the only credential. It arrives in the body (the page reads it from
// the URL's fragment), so it never appears in a request line or a log.
export const invitationStateAction = defineAction({ schema: invitationTokenSchema, permission: "public" }, async (input) => {
  const found = await invitationState(input.token);
  const view: InvitationView =
    found.state === "open"
      ? { state: "open", message: invitationRefusal("open"), email: found.email, name: found.name, expiresAt: found.expiresAt.toISOString() }
      : { state: found.state, message: invitationRefusal(found.state) };
  return { ok: true, data: view };
});

export const acceptInvitationAction = defineAction({ schema: acceptInvitationSchema, permission: "public" }, async (input, ctx) => {
  const result = await acceptInvitation(input, ctx.clientAddress);
  // A refusal without field errors is about the link: the page swaps its form for the message.
  return result.ok ? { ok: true, message: result.message, data: { email: result.data!.email } } : { ok: false, message: result.message };
});
