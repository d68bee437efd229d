import type { z } from "zod";
import type { EpisodeRevertResult, ParamsIn } from "../../../protocol/src/index.js";
import { type ParameterChange, parameterChanges, withParameters } from "../agent/program-changes.js";
import type { EpisodeMeta } from "../agent/record/events.js";
import type { BlenderClient } from "../hub/blender-client.js";

type Scope = NonNullable<EpisodeMeta["scope"]>;

/** What the episode started from and last applied, and the part of the scene they cover. */
export interface RevertInput {
  startProgram: string;
  appliedProgram: string;
  scope?: Scope;
  /** Keep the values the artist changed since the agent's last edit; undefined: ask first. */
  keepArtistEdits?: boolean;
  /** Runs the revert program in a worker first: only what ran cleanly there may run in the artist's Blender. */
  preview: (code: string) => Promise<void>;
}

/**
 * Put the artist's scene back where it was at an episode's start, as one undo step. The
 * part of the scene the episode covers is written as a program again and compared with
 * the agent's last edit: values that differ are the artist's own edits since. Those are
 * named and nothing runs until the artist says whether to keep them. A program the artist
 * wrote (text scope) cannot be read back from the scene, so it is reverted whole.
 */
export async function revertEpisode(live: BlenderClient, o: RevertInput): Promise<z.input<typeof EpisodeRevertResult>> {
  const artistEdits = o.scope ? await editsSince(live, o.scope, o.appliedProgram, o.startProgram) : [];
  if (artistEdits.length > 0 && o.keepArtistEdits === undefined) return { reverted: false, artistEdits };
  const keep = artistEdits.length > 0 && o.keepArtistEdits === true;
  const code = keep ? withParameters(o.startProgram, new Map(artistEdits.map((c) => [c.name, c.to]))) : o.startProgram;
  await o.preview(code);
  await live.call("program.run", {
    code,
    label: keep ? "Agent: revert episode, keeping your edits" : "Agent: revert episode",
  });
  return { reverted: true, artistEdits };
}

/** The parameters of the start program whose value in the scene now differs from the agent's last edit. */
async function editsSince(
  live: BlenderClient,
  scope: Scope,
  applied: string,
  start: string,
): Promise<ParameterChange[]> {
  if (scope.scope === "text") return [];
  const params: ParamsIn<"scene.program"> =
    scope.scope === "collection" || scope.scope === "scene"
      ? { scope: scope.scope, name: scope.name }
      : { scope: "objects", objects: scope.objects };
  const now = (await live.call("scene.program", params)).program;
  const named = new Set(parameterChanges("", start).map((c) => c.name));
  return parameterChanges(applied, now).filter((c) => named.has(c.name) && c.from !== "(none)");
}
