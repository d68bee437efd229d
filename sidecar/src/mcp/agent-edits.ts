import type { Result } from "../../../protocol/src/index.js";
import { type ParameterChange, parameterChanges, withParameters } from "../agent/program-changes.js";
import type { BlenderClient } from "../hub/blender-client.js";
import type { PeerSession } from "../hub/peer-session.js";

type SceneProgram = Result<"scene.program">;

/** One program an MCP client applied to the artist's scene, with the scene as a program around it. */
export interface AgentEdit {
  label: string;
  session: PeerSession;
  before: SceneProgram;
  after: SceneProgram;
}

export interface UndoPlan {
  /** The edits undone, oldest first. */
  edits: AgentEdit[];
  /** Values the artist changed since, among those the edits set (from: the agent's, to: theirs). */
  artistEdits: ParameterChange[];
  /** The program that undoes them (undefined: the artist's edits need a decision first). */
  code?: string;
  /** The parameters it sets back (from: now, to: before the edits). */
  restores: ParameterChange[];
}

/** The whole scene as a program (scene.program): what an edit is measured against. */
export function sceneProgram(live: BlenderClient): Promise<SceneProgram> {
  return live.call("scene.program", { scope: "scene" });
}

/** The parameters of a program, by name. */
function values(program: string): Map<string, string> {
  return new Map(parameterChanges("", program).map((c) => [c.name, c.to]));
}

/**
 * The edits MCP clients applied to the artist's scene in this sidecar run, newest last: the
 * only steps `undo` takes back. It takes them back by content, not by Blender's undo stack,
 * which also holds the artist's own steps and cannot be read from Python: the values the
 * edits set are set back as one new undo step, objects they added are removed, and values
 * the artist has changed since are named first, never silently overwritten.
 */
export class AgentEdits {
  private readonly edits: AgentEdit[] = [];
  /** What recent previews changed, by program text: what an artist asked to accept is shown. */
  private readonly previews = new Map<string, ParameterChange[]>();

  /** A program previewed cleanly, changing `changes` (the last 100 programs are kept). */
  previewed(code: string, changes: ParameterChange[]): void {
    this.previews.delete(code);
    this.previews.set(code, changes);
    if (this.previews.size > 100) this.previews.delete(this.previews.keys().next().value!);
  }

  /** What the preview of `code` changed, if it is among the recent ones. */
  previewChanges(code: string): ParameterChange[] | undefined {
    return this.previews.get(code);
  }

  record(edit: AgentEdit): void {
    this.edits.push(edit);
  }

  /** The labels of the edits that can be undone in `session`'s scene, oldest first. */
  labels(session: PeerSession): string[] {
    return this.edits.filter((e) => e.session === session).map((e) => e.label);
  }

  /**
   * What undoing the edit labelled `label` (default: the latest) and every later one takes,
   * measured against the scene as it is now (`now`).
   */
  plan(session: PeerSession, now: SceneProgram, label: string | undefined, keepArtistEdits?: boolean): UndoPlan {
    const mine = this.edits.filter((e) => e.session === session);
    if (mine.length === 0)
      throw new Error(
        "no agent edit to undo: only what apply_program changed in this Blender during this sidecar run " +
          "is undone here (the artist's own steps are theirs: Ctrl+Z in Blender)",
      );
    const from = label === undefined ? mine.length - 1 : mine.map((e) => e.label).lastIndexOf(label);
    if (from < 0)
      throw new Error(`no agent edit labelled ${JSON.stringify(label)}; these can be undone: ${this.listed(mine)}`);
    const edits = mine.slice(from);
    const first = edits[0]!;
    const last = edits.at(-1)!;
    const removed = first.before.objects.filter((o) => !last.after.objects.includes(o));
    if (removed.length)
      throw new Error(
        `the edits removed ${removed.join(", ")}, which cannot be brought back from here: ` +
          "undo them in Blender (Ctrl+Z)",
      );
    const set = new Set(edits.flatMap((e) => parameterChanges(e.before.program, e.after.program).map((c) => c.name)));
    const artistEdits = parameterChanges(last.after.program, now.program).filter((c) => set.has(c.name));
    if (artistEdits.length && keepArtistEdits === undefined) return { edits, artistEdits, restores: [] };
    const kept = new Set(keepArtistEdits ? artistEdits.map((c) => c.name) : []);
    const old = values(first.before.program);
    const current = values(now.program);
    const restores = [...set]
      .filter((name) => old.has(name) && current.has(name) && !kept.has(name) && current.get(name) !== old.get(name))
      .map((name) => ({ name, from: current.get(name)!, to: old.get(name)! }));
    const added = last.after.objects.filter((o) => !first.before.objects.includes(o) && now.objects.includes(o));
    const code = [
      withParameters(now.program, new Map(restores.map((c) => [c.name, c.to]))),
      ...added.map(
        (o) =>
          `if ${JSON.stringify(o)} in bpy.data.objects: ` +
          `bpy.data.objects.remove(bpy.data.objects[${JSON.stringify(o)}], do_unlink=True)`,
      ),
    ].join("\n");
    return { edits, artistEdits, code: code.includes("import bpy") ? code : `import bpy\n${code}`, restores };
  }

  /** The edits of a plan are undone: they leave the ledger. */
  forget(plan: UndoPlan): void {
    for (const e of plan.edits) this.edits.splice(this.edits.indexOf(e), 1);
  }

  private listed(edits: AgentEdit[]): string {
    return edits.map((e) => JSON.stringify(e.label)).join(", ");
  }
}
