import { z } from "zod";
import { ParameterChange } from "./episode.js";

/**
 * An edit an MCP client wants to apply, waiting for the artist's Accept or Reject in the
 * Agent panel (apply_program with askArtist). The sidecar asks with `edit.ask`, the panel
 * answers with `edit.decide`, and `edit.withdrawn` clears an ask nobody answered in time.
 */
export const EditRequestId = z.string().min(1).max(64);

export const EditAskParams = z
  .object({
    requestId: EditRequestId,
    /** What the client calls the edit (its undo step's name). */
    label: z.string().min(1).max(200),
    /** The edit in one line, when it changes no named value. */
    summary: z.string().max(500),
    /** The values it changes, as the scene's own program names them (before → after, in a worker). */
    changes: z.array(ParameterChange).max(50),
    /** How many more values change than `changes` lists. */
    more: z.number().int().nonnegative(),
  })
  .strict();
export const EditAskResult = z.null();

export const EditWithdrawnParams = z.object({ requestId: EditRequestId, reason: z.string().max(300) }).strict();
export const EditWithdrawnResult = z.null();

export const EditDecideParams = z.object({ requestId: EditRequestId, accept: z.boolean() }).strict();
export const EditDecideResult = z.object({ recorded: z.literal(true) });
