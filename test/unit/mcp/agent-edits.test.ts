import { describe, expect, it } from "vitest";
import type { PeerSession } from "../../../sidecar/src/hub/peer-session.js";
import { AgentEdits } from "../../../sidecar/src/mcp/agent-edits.js";

// The ledger `undo` works from: which values go back, which artist edits are named, which
// objects go, and what it refuses. Scene programs here are as scene.program writes them.

const session = {} as PeerSession;
const other = {} as PeerSession;

function scene(values: Record<string, string>, objects = ["Cube"]) {
  const lines = Object.entries(values).map(([k, v]) => `${k} = ${v}`);
  return {
    program: ["import bpy", ...lines, "# statements"].join("\n"),
    parameters: lines.length,
    objects,
    text: null,
  };
}

function ledger() {
  const edits = new AgentEdits();
  edits.record({
    label: "move",
    session,
    before: scene({ CUBE_LOCATION: "(0.0, 0.0, 0.0)", CUBE_SCALE: "(1.0, 1.0, 1.0)" }),
    after: scene({ CUBE_LOCATION: "(2.5, 0.0, 0.0)", CUBE_SCALE: "(1.0, 1.0, 1.0)" }),
  });
  edits.record({
    label: "grow",
    session,
    before: scene({ CUBE_LOCATION: "(2.5, 0.0, 0.0)", CUBE_SCALE: "(1.0, 1.0, 1.0)" }),
    after: scene({ CUBE_LOCATION: "(2.5, 0.0, 0.0)", CUBE_SCALE: "(2.0, 2.0, 2.0)", BOX_SCALE: "1.0" }, [
      "Box",
      "Cube",
    ]),
  });
  return edits;
}

const now = scene({ CUBE_LOCATION: "(2.5, 0.0, 0.0)", CUBE_SCALE: "(2.0, 2.0, 2.0)", BOX_SCALE: "1.0" }, [
  "Box",
  "Cube",
]);

describe("AgentEdits.plan", () => {
  it("undoes the latest edit: its values back, the objects it added removed", () => {
    const plan = ledger().plan(session, now, undefined);
    expect(plan.edits.map((e) => e.label)).toEqual(["grow"]);
    expect(plan.restores).toEqual([{ name: "CUBE_SCALE", from: "(2.0, 2.0, 2.0)", to: "(1.0, 1.0, 1.0)" }]);
    expect(plan.code).toContain("CUBE_SCALE = (1.0, 1.0, 1.0)");
    expect(plan.code).toContain("CUBE_LOCATION = (2.5, 0.0, 0.0)");
    expect(plan.code).toContain('bpy.data.objects.remove(bpy.data.objects["Box"], do_unlink=True)');
  });

  it("undoes down to a label, every later edit with it", () => {
    const plan = ledger().plan(session, now, "move");
    expect(plan.edits.map((e) => e.label)).toEqual(["move", "grow"]);
    expect(plan.restores.map((c) => c.name).sort()).toEqual(["CUBE_LOCATION", "CUBE_SCALE"]);
  });

  it("names the artist's edits since and runs nothing until told; keeps them when asked", () => {
    const edited = scene({ CUBE_LOCATION: "(4.0, 0.0, 0.0)", CUBE_SCALE: "(2.0, 2.0, 2.0)" }, ["Box", "Cube"]);
    const asked = ledger().plan(session, edited, "move");
    expect(asked.code).toBeUndefined();
    expect(asked.artistEdits).toEqual([{ name: "CUBE_LOCATION", from: "(2.5, 0.0, 0.0)", to: "(4.0, 0.0, 0.0)" }]);
    const kept = ledger().plan(session, edited, "move", true);
    expect(kept.restores.map((c) => c.name)).toEqual(["CUBE_SCALE"]);
    expect(kept.code).toContain("CUBE_LOCATION = (4.0, 0.0, 0.0)");
    const overwritten = ledger().plan(session, edited, "move", false);
    expect(overwritten.code).toContain("CUBE_LOCATION = (0.0, 0.0, 0.0)");
  });

  it("refuses what it cannot undo, saying why", () => {
    const edits = ledger();
    expect(() => edits.plan(session, now, "nope")).toThrow(
      /no agent edit labelled "nope"; these can be undone: "move"/,
    );
    expect(() => edits.plan(other, now, undefined)).toThrow(/no agent edit to undo/);
    edits.record({ label: "delete", session, before: now, after: scene({}, []) });
    expect(() => edits.plan(session, scene({}, []), undefined)).toThrow(/removed Box, Cube.*Ctrl\+Z/);
  });

  it("sets back only values the scene still has (an object the artist deleted is left alone)", () => {
    const gone = scene({ CUBE_LOCATION: "(2.5, 0.0, 0.0)" }, ["Cube"]);
    const plan = ledger().plan(session, gone, "move");
    expect(plan.restores).toEqual([{ name: "CUBE_LOCATION", from: "(2.5, 0.0, 0.0)", to: "(0.0, 0.0, 0.0)" }]);
  });

  it("forgets undone edits", () => {
    const edits = ledger();
    edits.forget(edits.plan(session, now, undefined));
    expect(edits.labels(session)).toEqual(["move"]);
  });
});
