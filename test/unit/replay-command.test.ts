import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTsx } from "../helpers/cli.js";

// `npm start -- replay DIR [--step]` as a user runs it, on a record kept in the repo: no
// Blender, no model; the same decisions as the record, or exit 1 saying where it departs.

const CLI = "sidecar/src/cli.ts";
const RECORD = path.resolve(import.meta.dirname, "../fixtures/records/screened-blendshape-face-smile");
const winners = (out: string) => [...out.matchAll(/iteration \d+\/\d+ +\w+ +winner (\S+)/g)].map((m) => m[1]);

describe("npm start -- replay", () => {
  it("replays a record iteration by iteration to the same decisions", async () => {
    const run = await runTsx(CLI, ["replay", RECORD]);
    expect(run.code, run.out).toBe(0);
    expect(winners(run.out)).toEqual(["d3", "d0", "d0", "d0"]);
    expect(run.out).toMatch(/replayed 4 of 4 iteration\(s\): the same decisions as the record/);
  });

  it("says where a record that was changed after the fact departs from its replay, and exits 1", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "replay-cli-")), "episode");
    cpSync(RECORD, dir, { recursive: true });
    const file = path.join(dir, "events.jsonl");
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const third = lines.find((e) => e.type === "iteration.ended" && e.iteration === 3);
    third.winner = "incumbent";
    writeFileSync(file, `${lines.map((e) => JSON.stringify(e)).join("\n")}\n`);
    const run = await runTsx(CLI, ["replay", dir]);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toMatch(/departs from the record: iteration 3: the record chose incumbent, the replay d0/);
  });

  it("--step waits before each iteration: Enter replays one, q stops", async () => {
    let prompts = 0;
    const run = await runTsx(CLI, ["replay", RECORD, "--step"], (line, child) => {
      if (line.includes("Enter: step")) child.stdin?.write(++prompts === 1 ? "\n" : "q\n");
    });
    expect(run.code, run.out).toBe(0);
    expect(prompts).toBe(2);
    expect(winners(run.out)).toEqual(["d3"]);
    expect(run.out).toMatch(/replayed 1 of 4 iteration\(s\)/);
  });

  it("a folder without a record, or none, gets a clear error", async () => {
    const missing = await runTsx(CLI, ["replay", tmpdir()]);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/holds no episode record \(events\.jsonl\)/);
    const none = await runTsx(CLI, ["replay"]);
    expect(none.code).toBe(1);
    expect(none.out).toMatch(/give the episode's folder/);
  });
});
