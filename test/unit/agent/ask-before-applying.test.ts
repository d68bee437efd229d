import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { Candidate } from "../../../sidecar/src/agent/candidate.js";
import { Episode, type EpisodeParts } from "../../../sidecar/src/agent/episode.js";
import { EpisodeConfig } from "../../../sidecar/src/agent/episode-config.js";
import type { Draft, DraftGenerator } from "../../../sidecar/src/agent/generator/generator.js";
import { GoalScorer } from "../../../sidecar/src/agent/goal-scorer.js";
import { EpisodeRecord, readEvents } from "../../../sidecar/src/agent/record/episode-record.js";
import { eventsOf } from "../../../sidecar/src/agent/record/events.js";
import { recordedApprovals } from "../../../sidecar/src/agent/record/replay-sources.js";
import type { CandidateRenderer } from "../../../sidecar/src/agent/renderer.js";
import { MetricJudge } from "../../../sidecar/src/agent/verifier/metric-judge.js";

// "Ask before applying" in the loop itself, with a renderer that paints a program's
// BRIGHTNESS and a generator that always drafts one step brighter: the goal is white,
// so every draft wins its tournament, and only the approval decides what is applied.

const png = (level: number) =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r: level, g: level, b: level } } })
    .png()
    .toBuffer();
const brightness = (program: string) => Number(/BRIGHTNESS = (\d+)/.exec(program)![1]);

const renderer: CandidateRenderer = {
  render: async (program) => ({ ok: true, pngs: [await png(brightness(program))], renderMs: 1, totalMs: 1 }),
  screen: async (program) => ({
    ok: true,
    pngs: [await png(brightness(program))],
    visibility: {},
    renderMs: 1,
    totalMs: 1,
  }),
  analyze: async () => ({ ok: true, literals: [] }) as never,
};

const brighter: DraftGenerator = {
  kind: "offline",
  queriesPerDraft: 0,
  async propose({ incumbent }): Promise<Draft[]> {
    const program = `BRIGHTNESS = ${brightness(incumbent.program) + 40}`;
    return [{ id: "d0", program, queries: 0, notes: {} }];
  },
  observe() {},
  saveState: () => null,
  loadState() {},
};

/** An episode of three one-draft iterations toward white, asking `approve` before each edit. */
async function brighteningEpisode(dir: string, parts: Pick<EpisodeParts, "approve" | "onAccepted">): Promise<Episode> {
  const config = EpisodeConfig.parse({ breadth: 1, depth: 3 });
  const scorer = new GoalScorer();
  return Episode.begin(
    {
      label: "ask",
      startProgram: "BRIGHTNESS = 0",
      goal: { views: ["v"], images: [await png(255)] },
      config,
      meta: {
        agent: { provider: "offline", verifier: "metric" },
        setup: { scene: { script: "pass" }, views: [{ camera: "v" }], settings: {} },
      },
    },
    {
      record: EpisodeRecord.create(dir),
      renderer,
      generator: brighter,
      judge: new MetricJudge(0, config.seed, scorer),
      scorer,
      ...parts,
    },
  );
}

describe("ask before applying", () => {
  const onlyAccepted =
    "applies only accepted edits; a rejected one is recorded and the loop goes on from the incumbent";
  it(onlyAccepted, async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ask-")), "episode");
    const asked: { iteration: number; program: string }[] = [];
    const applied: string[] = [];
    const episode = await brighteningEpisode(dir, {
      // The artist rejects iteration 2's edit and accepts the others.
      approve: async (winner: Candidate, iteration) => {
        asked.push({ iteration, program: winner.program });
        return iteration !== 2;
      },
      onAccepted: async (program) => {
        applied.push(program);
      },
    });
    await episode.run();

    expect(asked).toEqual([
      { iteration: 1, program: "BRIGHTNESS = 40" },
      { iteration: 2, program: "BRIGHTNESS = 80" },
      { iteration: 3, program: "BRIGHTNESS = 80" },
    ]);
    expect(applied).toEqual(["BRIGHTNESS = 40", "BRIGHTNESS = 80"]);
    expect(episode.incumbent.program).toBe("BRIGHTNESS = 80");
    const ends = eventsOf(readEvents(dir), "iteration.ended");
    expect(ends.map((e) => [e.winner, e.rejected, e.program])).toEqual([
      ["d0", undefined, "BRIGHTNESS = 40"],
      ["incumbent", "d0", "BRIGHTNESS = 40"],
      ["d0", undefined, "BRIGHTNESS = 80"],
    ]);
    // A replay decides as the artist did: it reads the rejections from the record.
    const replayed = recordedApprovals(readEvents(dir));
    expect(await Promise.all([1, 2, 3].map((i) => replayed(null, i)))).toEqual([true, false, true]);
  });

  it("a stop while an edit waits ends the episode without applying it", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ask-")), "episode");
    let waiting!: () => void;
    const asked = new Promise<void>((resolve) => (waiting = resolve));
    const applied: string[] = [];
    const episode = await brighteningEpisode(dir, {
      approve: (_winner, _iteration, signal) =>
        new Promise((_resolve, reject) => {
          waiting();
          signal.addEventListener("abort", () => reject(new Error("stopped")));
        }),
      onAccepted: async (program) => {
        applied.push(program);
      },
    });
    const running = episode.run();
    await asked;
    const summary = await episode.stop();
    await running;
    expect(summary.status).toBe("stopped");
    expect(applied).toEqual([]);
    expect(eventsOf(readEvents(dir), "iteration.ended")).toEqual([]);
  });
});
