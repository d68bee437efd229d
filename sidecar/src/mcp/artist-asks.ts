import { randomUUID } from "node:crypto";
import { describeChanges, type ParameterChange } from "../agent/program-changes.js";
import type { BlenderClient } from "../hub/blender-client.js";
import type { Hub } from "../hub/hub-server.js";
import type { PeerSession } from "../hub/peer-session.js";

/** How many changed values an ask lists (the panel shows the first few and counts the rest). */
const LISTED = 50;

export type Answer = "accepted" | "rejected" | "no answer" | "cancelled";

interface Waiting {
  session: PeerSession;
  settle: (answer: Answer) => void;
}

/**
 * Edits an MCP client asks the artist to accept before they reach the scene: shown in the
 * Agent panel (`edit.ask`), answered there (`edit.decide`), withdrawn when nobody answers
 * in time or the client gives up (`edit.withdrawn`). Only the Blender that was asked can
 * answer.
 */
export class ArtistAsks {
  private readonly waiting = new Map<string, Waiting>();

  serve(hub: Hub): void {
    hub.handle("edit.decide", ({ requestId, accept }, peer) => {
      const w = this.waiting.get(requestId);
      if (!w || w.session !== peer) throw new Error("no such edit is waiting (it was withdrawn, or is not yours)");
      w.settle(accept ? "accepted" : "rejected");
      return { recorded: true as const };
    });
  }

  /** Ask the artist in `live`'s panel; resolves with their answer, or why there is none. */
  ask(
    live: BlenderClient,
    o: { label: string; changes: ParameterChange[]; timeoutMs: number; signal: AbortSignal },
  ): Promise<Answer> {
    const requestId = randomUUID();
    const { session } = live;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => settle("no answer"), o.timeoutMs);
      const gone = () => done(() => reject(new Error("the artist's Blender went away before answering")));
      const cancelled = () => settle("cancelled");
      const done = (then: () => void) => {
        if (!this.waiting.delete(requestId)) return;
        clearTimeout(timer);
        session.off("close", gone);
        o.signal.removeEventListener("abort", cancelled);
        then();
      };
      const settle = (answer: Answer) =>
        done(() => {
          if (answer === "no answer" || answer === "cancelled") {
            const reason =
              answer === "cancelled"
                ? "The MCP client stopped waiting."
                : "Nobody answered in time; nothing was applied.";
            if (!session.closed) live.notify("edit.withdrawn", { requestId, reason });
          }
          resolve(answer);
        });
      this.waiting.set(requestId, { session, settle });
      session.once("close", gone);
      o.signal.addEventListener("abort", cancelled);
      live.notify("edit.ask", {
        requestId,
        label: o.label,
        summary: describeChanges(o.changes, 500),
        changes: o.changes.slice(0, LISTED),
        more: Math.max(0, o.changes.length - LISTED),
      });
    });
  }
}
