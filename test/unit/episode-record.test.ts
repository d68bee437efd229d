import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replayEpisode } from "../../sidecar/src/agent/episode-setup.js";
import { readEpisode } from "../../sidecar/src/agent/record/episode-reader.js";
import { readEvents } from "../../sidecar/src/agent/record/episode-record.js";
import { eventsOf, RECORD_VERSION } from "../../sidecar/src/agent/record/events.js";
import { programHash } from "../../sidecar/src/agent/record/recording.js";
import { RecordedRenderer } from "../../sidecar/src/agent/record/replay-sources.js";

// Records are read back through the typed event schema (record/events.ts): no Blender, no model.

/** An offline episode (blendshape/face-smile, 3 × 3, 48 px) recorded before the events were typed. */
const V1_RECORD = path.resolve(import.meta.dirname, "../fixtures/records/v1-blendshape-face-smile");
const SCREENED_RECORD = path.resolve(import.meta.dirname, "../fixtures/records/screened-blendshape-face-smile");

/** A copy of the v1 record whose line `n` (1-based) is changed by `edit`. */
function tampered(n: number, edit: (event: Record<string, unknown>) => void): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "record-")), "episode");
  cpSync(V1_RECORD, dir, { recursive: true });
  const file = path.join(dir, "events.jsonl");
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const event = JSON.parse(lines[n - 1]!) as Record<string, unknown>;
  edit(event);
  lines[n - 1] = JSON.stringify(event);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return dir;
}

describe("episode records", () => {
  const v1RecordReplays =
    "a record written before the typed events reads, " +
    "and replays to the same decisions in a record of the current version";
  it(v1RecordReplays, async () => {
    const recorded = readEpisode(V1_RECORD);
    expect(recorded.progress.iteration).toBe(3);
    expect(recorded.decisions.map((d) => d.winner)).toEqual(["incumbent", "incumbent", "d1"]);
    expect(recorded.input.meta).toMatchObject({
      agent: { provider: "offline", verifier: "metric" },
      task: "blendshape/face-smile",
    });

    const { episode } = await replayEpisode(V1_RECORD);
    const winners: string[] = [];
    episode.events.on("iteration.ended", (e) => winners.push(e.winner));
    const summary = await episode.run();
    expect(winners).toEqual(["incumbent", "incumbent", "d1"]);
    expect(summary.finalProgram).toBe(recorded.progress.incumbent.program);
    const started = eventsOf(readEvents(episode.dir), "episode.started")[0]!;
    expect(started.recordVersion).toBe(RECORD_VERSION);
  });

  it("a record of an offline episode that screened its drafts replays to the same decisions", async () => {
    const recorded = readEpisode(SCREENED_RECORD);
    expect(recorded.input.config.screen).toBe(true);
    const { episode } = await replayEpisode(SCREENED_RECORD);
    const winners: string[] = [];
    episode.events.on("iteration.ended", (e) => winners.push(e.winner));
    const summary = await episode.run();
    expect(winners).toEqual(recorded.decisions.map((d) => d.winner));
    expect(winners.some((w) => w !== "incumbent")).toBe(true);
    expect(summary.finalProgram).toBe(recorded.progress.incumbent.program);
  });

  it("a record that says it screened but holds no screening renders is refused, not replayed astray", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "record-")), "episode");
    cpSync(SCREENED_RECORD, dir, { recursive: true });
    const file = path.join(dir, "events.jsonl");
    const kept = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .filter((l) => JSON.parse(l).type !== "program.screened");
    writeFileSync(file, `${kept.join("\n")}\n`);
    await expect(replayEpisode(dir)).rejects.toThrow(/says it screened its drafts but holds no screening renders/);
  });

  it("a line that does not match its schema is refused, naming the line and what is wrong", () => {
    const dir = tampered(6, (e) => (e.queries = "many"));
    expect(() => readEvents(dir)).toThrow(
      /events\.jsonl line 6 is a "draft" event that does not match its schema: .*queries/s,
    );
  });

  it("a record may not point a replay at files outside its own folder", () => {
    const dir = tampered(2, (e) => (e.images = ["../../../etc/passwd"]));
    expect(() => readEpisode(dir)).toThrow(
      /line 2 is a "program\.rendered" event .*images\/<name>\.png inside the record/s,
    );
  });

  it("an event type this version does not know is refused by name; a torn last line is dropped", () => {
    expect(() => readEvents(tampered(3, (e) => (e.type = "start.teleported")))).toThrow(
      /line 3 is a "start\.teleported" event/,
    );
    const dir = tampered(1, () => {});
    writeFileSync(
      path.join(dir, "events.jsonl"),
      `${readFileSync(path.join(dir, "events.jsonl"), "utf8")}{"type":"iteration.star`,
    );
    expect(readEvents(dir)).toHaveLength(readEvents(V1_RECORD).length);
  });

  const oldSyntaxDraft =
    "a model draft an older record rejected for its syntax (an analysis, no render) replays as a failed render";
  it(oldSyntaxDraft, async () => {
    const broken = "X = (1,\n";
    const events = readEvents(
      tampered(5, (e) => {
        e.hash = programHash(broken);
        e.syntaxError = { type: "SyntaxError", message: "'(' was never closed", line: 1, traceback: "" };
      }),
    );
    const renderer = new RecordedRenderer(events, () => Buffer.alloc(0));
    expect(await renderer.render(broken)).toEqual({ ok: false, error: "SyntaxError at line 1: '(' was never closed" });
    await expect(renderer.render("Y = 2\n")).rejects.toThrow(/the record has no render of program/);
  });
});
