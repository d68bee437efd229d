import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { NumericLiteral, ObjectVisibility } from "../../../protocol/src/index.js";
import { Episode } from "../../../sidecar/src/agent/episode.js";
import { EpisodeConfig, type EpisodeConfigInput, screensDrafts } from "../../../sidecar/src/agent/episode-config.js";
import {
  hiddenObjects,
  OfflineGenerator,
  promote,
  sameStep,
} from "../../../sidecar/src/agent/generator/offline-generator.js";
import { GoalScorer } from "../../../sidecar/src/agent/goal-scorer.js";
import { EpisodeRecord, readEvents } from "../../../sidecar/src/agent/record/episode-record.js";
import { eventsOf } from "../../../sidecar/src/agent/record/events.js";
import type { CandidateRenderer } from "../../../sidecar/src/agent/renderer.js";
import { MetricJudge } from "../../../sidecar/src/agent/verifier/metric-judge.js";
import { agentFlagShape, configFrom } from "../../../sidecar/src/cli/agent-flags.js";

// The offline loop with screening, on a renderer that paints a program's box: `BOX_X` places
// a white square on a grey frame (128 px in full, 64 px at screening), and a box past
// x = 1 stands behind a "wall" (not drawn, and reported unseen). No Blender.

const GOAL_X = 0.8;
const xOf = (program: string) => Number(/BOX_X = (-?[\d.e-]+)/.exec(program)![1]);

async function paint(x: number, size: number): Promise<Buffer> {
  const data = Buffer.alloc(size * size * 3, 90);
  const side = Math.round(size * 0.1);
  const left = Math.round(x * size * 0.85);
  if (x <= 1)
    for (let y = size / 2; y < size / 2 + side; y++)
      for (let i = Math.max(0, left); i < Math.min(size, left + side); i++)
        data.fill(250, (y * size + i) * 3, (y * size + i) * 3 + 3);
  return sharp(data, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

const visibility = (x: number): ObjectVisibility => ({
  Box: { seen: x <= 1 ? 1 : 0, box: [x, 0, 0, x + 0.1, 0.1, 0.1] },
  Wall: { seen: 1, box: [1.1, -1, 0, 1.2, 1, 1] },
});

/** One literal, `BOX_X = <value>` on line 1, as program.analyze reports it. */
function literalOf(program: string): NumericLiteral {
  const text = /BOX_X = (\S+)/.exec(program)![1]!;
  const start = program.indexOf(text);
  return {
    start,
    end: start + text.length,
    text,
    value: Number(text),
    kind: "float",
    line: 1,
    name: "BOX_X",
    group: null,
    groupIndex: null,
    groupSize: null,
    inSubscript: false,
    depth: 0,
  };
}

/**
 * Paints the box where the program puts it; at screening size `screenShift` further right,
 * as when 64 px and few samples misjudge what the full render shows.
 */
const rendererOf = (screenShift = 0): CandidateRenderer => ({
  render: async (program) => ({ ok: true, pngs: [await paint(xOf(program), 128)], renderMs: 1, totalMs: 1 }),
  screen: async (program) => ({
    ok: true,
    pngs: [await paint(xOf(program) + screenShift, 64)],
    visibility: visibility(xOf(program)),
    renderMs: 1,
    totalMs: 1,
  }),
  analyze: async (program) => ({ syntaxError: null, literals: [literalOf(program)] }),
});

async function boxEpisode(config: EpisodeConfigInput, startX: number, screenShift = 0): Promise<Episode> {
  const renderer = rendererOf(screenShift);
  const parsed = EpisodeConfig.parse(config);
  const scorer = new GoalScorer();
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "screening-")), "episode");
  return Episode.begin(
    {
      label: "box",
      startProgram: `BOX_X = ${startX}\n`,
      goal: { views: ["v"], images: [await paint(GOAL_X, 128)] },
      config: parsed,
      meta: {
        agent: { provider: "offline", verifier: "metric" },
        setup: { scene: { script: "pass" }, views: [{ camera: "v" }], settings: {} },
      },
    },
    {
      record: EpisodeRecord.create(dir),
      renderer,
      generator: new OfflineGenerator(renderer, parsed.seed, parsed.screen === true),
      judge: new MetricJudge(0, parsed.seed, scorer),
      scorer,
    },
  );
}

describe("the offline search with screening", () => {
  it("brings a box from far off its goal place there, though PL sees no way until they overlap", async () => {
    const episode = await boxEpisode({ breadth: 8, depth: 20, screen: true }, 0.1);
    const summary = await episode.run();
    expect(Math.abs(xOf(summary.finalProgram) - GOAL_X)).toBeLessThan(0.02);
    expect(summary.finalScore!).toBeLessThan(summary.startScore! * 0.05);
  });

  it("counts every proposal, screened out or not, and the promoted drafts' matches; never over budget", async () => {
    const summary = await (await boxEpisode({ breadth: 8, depth: 100, budget: 50, screen: true }, 0.1)).run();
    const events = readEvents(summary.dir);
    const drafts = eventsOf(events, "draft");
    const matches = eventsOf(events, "verify.match");
    expect(summary.reason).toBe("budget");
    expect(summary.queries.generation).toBe(drafts.reduce((s, d) => s + d.queries, 0));
    expect(drafts.every((d) => d.queries === 1)).toBe(true);
    expect(summary.queries.verification).toBe(matches.length);
    expect(summary.queries.generation + summary.queries.verification).toBeLessThanOrEqual(50);
    // Of the first iteration's 8 drafts, a quarter are rendered in full and judged; later
    // iterations promote twice as many after one none of them won (4, no more).
    const promoted = (iteration: number) =>
      drafts.filter((d) => d.iteration === iteration && d.program !== null).length;
    expect(promoted(1)).toBe(2);
    expect([1, 2, 3, 4, 5].map((k) => OfflineGenerator.promoted(8, k - 1))).toEqual([2, 4, 4, 4, 4]);
  });

  it("promotes by screening PL, in turn with the objective, only drafts the aimed objective finds better", () => {
    // Ranked by the objective: a step toward the places, then a probe; the hedge (a lamp
    // lowered half behind the desk) has the lowest PL but takes its object off its place.
    const ranked = [
      { id: "step", objective: 0.6, fine: 0.03 },
      { id: "probe", objective: 0.95, fine: 0.028 },
      { id: "hedge", objective: 1.2, fine: 0.02 },
    ];
    expect([...promote(ranked, 2, false)].sort()).toEqual(["hedge", "step"]);
    expect([...promote(ranked, 2, true)].sort()).toEqual(["probe", "step"]);
    // Where there are slots for all, all go, the hedge too: the filter picks, it does not reject.
    expect(promote(ranked, 3, true).size).toBe(3);
  });

  it("never promotes a draft that hides the box behind the wall, though hiding it lowers PL", async () => {
    // From x = 0.95, the goal lies left; stepping right puts the box behind the wall, which
    // PL would take (the box's error vanishes with it).
    const summary = await (await boxEpisode({ breadth: 8, depth: 6, screen: true }, 0.95)).run();
    const drafts = eventsOf(readEvents(summary.dir), "draft");
    const hiding = drafts.filter((d) => d.rejected?.includes("hides Box"));
    expect(hiding.length).toBeGreaterThan(0);
    expect(drafts.filter((d) => d.program !== null).every((d) => xOf(d.program!) <= 1)).toBe(true);
    expect(xOf(summary.finalProgram)).toBeLessThanOrEqual(1);
  });

  it("renders a change in full once while the incumbent stands, though screening keeps favouring it", async () => {
    // The box starts at its goal; at screening size it looks 0.1 too far right, so moving
    // it left looks better every time and loses every time in full.
    const summary = await (await boxEpisode({ breadth: 8, depth: 12, screen: true }, GOAL_X, 0.1)).run();
    const rendered = eventsOf(readEvents(summary.dir), "draft").flatMap((d) => (d.program ? [xOf(d.program)] : []));
    expect(summary.finalProgram).toBe(`BOX_X = ${GOAL_X}\n`);
    expect(rendered.length).toBeGreaterThanOrEqual(10);
    expect(rendered.length - new Set(rendered).size).toBe(0);
  });
});

describe("hiddenObjects", () => {
  const seen = (s: number, x = 0) => ({ seen: s, box: [x, 0, 0, x + 1, 1, 1] });
  const start = { Lamp: seen(1), Floor: seen(0.4), Speck: seen(0.1) };

  it("names an object the draft moved so that less than half of it shows, or that it removed", () => {
    expect(hiddenObjects(start, start, { ...start, Lamp: seen(0.4, 2) })).toEqual(["Lamp"]);
    expect(hiddenObjects(start, start, { Floor: seen(0.4), Speck: seen(0.1) })).toEqual(["Lamp"]);
  });

  it("names an object the draft sank into another by more of its points than at start, two in 15 slack", () => {
    const inside = (points: number, x = 0) => ({ ...seen(1, x), inside: points / 15 });
    const resting = { ...start, Lamp: inside(1) };
    expect(hiddenObjects(resting, resting, { ...start, Lamp: inside(4, 2) })).toEqual(["Lamp"]);
    expect(hiddenObjects(resting, resting, { ...start, Lamp: inside(3, 2) })).toEqual([]);
    // Not moved itself (another object came down on it), and a record made before `inside` was reported.
    expect(hiddenObjects(resting, resting, { ...start, Lamp: { ...inside(8), box: seen(1).box } })).toEqual([]);
    expect(hiddenObjects(start, start, { ...start, Lamp: seen(1, 2) })).toEqual([]);
  });

  it("not one that still shows half, one only covered by another's move, or one the start barely showed", () => {
    expect(hiddenObjects(start, start, { ...start, Lamp: seen(0.5, 2) })).toEqual([]);
    expect(hiddenObjects(start, start, { ...start, Floor: seen(0) })).toEqual([]);
    expect(hiddenObjects(start, start, { ...start, Speck: seen(0, 3) })).toEqual([]);
  });
});

describe("sameStep: an aim step that would go where a hidden one went", () => {
  const step = (x: number, z: number) => [
    { key: "MUG_LOCATION[0]", from: 0.4, to: x },
    { key: "MUG_LOCATION[2]", from: 0.75, to: z },
  ];
  it("is one moving the same numbers to within 2 cm (2% of a value past 1), not 3 cm or other numbers", () => {
    expect(sameStep(step(0.1, 0.56), step(0.115, 0.57))).toBe(true);
    expect(sameStep(step(0.1, 0.56), step(0.13, 0.56))).toBe(false);
    expect(sameStep(step(0.1, 0.56), step(0.1, 0.56).slice(0, 1))).toBe(false);
    expect(sameStep(step(0.1, 0.56), [step(0.1, 0.56)[0]!, { key: "BOOK_LOCATION[2]", from: 0.75, to: 0.56 }])).toBe(
      false,
    );
    expect(sameStep(step(10, 0.56), step(10.15, 0.56))).toBe(true);
  });
});

describe("whether an episode screens", () => {
  const offline = (flags: Record<string, unknown>) => configFrom(z.object(agentFlagShape).parse(flags));

  const context = (engine: string, movesGeometry = false, offline = true) => ({
    offline,
    engine,
    movesGeometry: async () => movesGeometry,
  });

  it("by default with the engines that sample (Cycles, EEVEE), with Workbench where geometry moves", async () => {
    const auto = offline({});
    expect(auto.screen).toBe("auto");
    expect(await screensDrafts(auto, context("CYCLES"))).toBe(true);
    expect(await screensDrafts(auto, context("BLENDER_EEVEE_NEXT"))).toBe(true);
    expect(await screensDrafts(auto, context("WORKBENCH"))).toBe(false);
    expect(await screensDrafts(auto, context("WORKBENCH", true))).toBe(true);
    expect(await screensDrafts(auto, context("CYCLES", true, false))).toBe(false);
  });

  it("as --screen or --no-screen says, whatever the engine; both, or either with a model, is an error", async () => {
    expect(await screensDrafts(offline({ screen: true }), context("WORKBENCH"))).toBe(true);
    expect(await screensDrafts(offline({ "no-screen": true }), context("CYCLES", true))).toBe(false);
    expect(() => offline({ screen: true, "no-screen": true })).toThrow(/contradict/);
    expect(() => configFrom(z.object(agentFlagShape).parse({ provider: "openai", "no-screen": true }))).toThrow(
      /--no-screen is for the offline provider/,
    );
  });
});
