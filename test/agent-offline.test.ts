import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EpisodeSummary } from "../sidecar/src/agent/episode.js";
import { EpisodeConfig, type EpisodeConfigInput } from "../sidecar/src/agent/episode-config.js";
import { replayEpisode, resumeEpisode, startTaskEpisode } from "../sidecar/src/agent/episode-setup.js";
import { readEpisode } from "../sidecar/src/agent/record/episode-reader.js";
import { readEvents } from "../sidecar/src/agent/record/episode-record.js";
import { eventsOf } from "../sidecar/src/agent/record/events.js";
import { type LocalPool, startLocalPool } from "../sidecar/src/pool/local-pool.js";
import { loadTasks, type Task } from "../sidecar/src/tasks/task-loader.js";
import { episodeDirOf, runCli } from "./helpers/cli.js";

const runs = mkdtempSync(path.join(os.tmpdir(), "agent-offline-"));
let local: LocalPool;

beforeAll(async () => {
  local = await startLocalPool({ size: 2 });
});
afterAll(async () => {
  await local?.close();
});

const task = (key: string): Task => {
  const [category, id] = key.split("/");
  return loadTasks({ category, task: id }).tasks[0]!;
};

/** An offline episode on a task, rendered small so the suite stays quick. */
async function offline(key: string, config: EpisodeConfigInput, size: number, samples = 8) {
  return startTaskEpisode({
    pool: local.pool,
    task: task(key),
    config: EpisodeConfig.parse(config),
    renderOverride: { width: size, height: size, samples },
    runsDir: runs,
  });
}

/** The value of `NAME = (...)` in a program. */
function tupleOf(program: string, name: string): number[] {
  const m = new RegExp(`^${name} = \\(([^)]*)\\)`, "m").exec(program);
  if (!m) throw new Error(`${name} not in program`);
  return m[1]!.split(",").map(Number);
}

/** Replays an episode from its record and expects the recorded winner at every iteration. */
async function expectSameDecisionsReplayed(dir: string) {
  const { episode, recorded } = await replayEpisode(dir);
  const winners: string[] = [];
  episode.events.on("iteration.ended", (e) => winners.push(e.winner));
  const summary = await episode.run();
  expect(winners).toEqual(recorded.decisions.map((d) => d.winner));
  return { summary, winners };
}

let placement: EpisodeSummary;

describe("the offline provider on real tasks (real Blender, no model)", () => {
  // By default the Cycles tasks screen their drafts, and the Workbench ones only where the program
  // moves geometry across the views (places objects, weights shape keys); the record says which.
  it.each([
    ["lighting/plaza-sun-azimuth", true],
    ["material/room-brick-bump", true],
    ["blendshape/car-long-hood-low-roof", true],
    ["geometry/books-messy-thin", false],
    ["placement/desk-chair-tuck-in", true],
  ])("lowers the photometric loss on %s (screened: %s)", async (key, screened) => {
    const summary = await (await offline(key, { breadth: 8, depth: 4 }, 96)).run();
    expect(summary.status).toBe("finished");
    expect(summary.finalScore!).toBeLessThan(summary.startScore! * 0.9);
    expect(readEpisode(summary.dir).input.config.screen).toBe(screened);
    const screens = eventsOf(readEvents(summary.dir), "program.screened");
    expect(screens.length > 0).toBe(screened);
  });

  it("on a placement task, all drafts rendered in full, gets the chair within 5 cm, PL down 60%", async () => {
    const config = { breadth: 8, depth: 24, screen: false };
    placement = await (await offline("placement/desk-chair-tuck-in", config, 128)).run();
    const [x, y, z] = tupleOf(placement.finalProgram, "CHAIR_LOCATION");
    const goal = tupleOf(task("placement/desk-chair-tuck-in").goal, "CHAIR_LOCATION");
    expect(Math.abs(x! - goal[0]!)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(y! - goal[1]!)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(z! - goal[2]!)).toBeLessThanOrEqual(0.05);
    expect(placement.finalScore!).toBeLessThan(placement.startScore! * 0.4);
    expect(placement.bestScore!).toBeLessThanOrEqual(placement.finalScore!);
  });

  it("replays the placement episode from its record alone, making the same decisions", async () => {
    expect(placement, "the placement episode ran").toBeDefined();
    await local.close(); // no Blender from here on: the replay must not need one
    try {
      const { summary, winners } = await expectSameDecisionsReplayed(placement.dir);
      expect(winners.filter((w) => w !== "incumbent").length).toBeGreaterThan(3);
      expect(summary.finalProgram).toBe(placement.finalProgram);
    } finally {
      local = await startLocalPool({ size: 2 }); // the later tests need workers whatever happened here
    }
  });
});

describe("the offline provider with screening (--screen), in real Blender", () => {
  it("screens the drafts at 64 px with what the views see, renders 2 in full, lowers PL, and replays", async () => {
    const summary = await (
      await offline("blendshape/car-long-hood-low-roof", { breadth: 8, depth: 4, screen: true }, 128)
    ).run();
    expect(summary.status).toBe("finished");
    expect(summary.finalScore!).toBeLessThan(summary.startScore! * 0.9);
    const events = readEvents(summary.dir);
    const drafts = eventsOf(events, "draft");
    const first = drafts.filter((d) => d.iteration === 1);
    expect(first.filter((d) => d.program !== null)).toHaveLength(2);
    const setAside = first.filter((d) => d.program === null);
    expect(setAside.length).toBeGreaterThan(0);
    expect(setAside.every((d) => d.rejected?.startsWith("screened out"))).toBe(true);
    const screened = eventsOf(events, "program.screened").filter((e) => e.ok);
    expect(screened.length).toBeGreaterThanOrEqual(8);
    const png = readFileSync(path.join(summary.dir, screened[0]!.images![0]!));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([64, 64]); // PNG header: width, height
    expect(Object.values(screened[0]!.visibility!).some((v) => v.seen > 0)).toBe(true);

    await expectSameDecisionsReplayed(summary.dir);
  });
});

describe("the offline provider aims objects at their places in the goal, in real Blender", () => {
  it("carries a mug across the table, past the laptop in the way, in a few aim steps, and replays", async () => {
    const key = "placement/tabletop-mug-left";
    const config = { breadth: 8, depth: 6, screen: true };
    const summary = await (await offline(key, config, 128)).run();
    const drafts = eventsOf(readEvents(summary.dir), "draft");
    const aimed = drafts.filter((d) => d.notes?.reason === "aim");
    expect(aimed.length).toBeGreaterThan(0);
    const [x, y] = tupleOf(summary.finalProgram, "MUG_LOCATION");
    const [goalX, goalY] = tupleOf(task(key).goal, "MUG_LOCATION");
    // From 0.8 m away, the laptop between: one-number steps never took it past (x 0.45 -> 0.59 in 30 iterations).
    expect(Math.hypot(x! - goalX!, y! - goalY!)).toBeLessThan(0.1);
    expect(summary.finalScore!).toBeLessThan(summary.startScore! * 0.5);
    await expectSameDecisionsReplayed(summary.dir);

    // Stopped after the first aim step and resumed from its record, it decides as the run straight through.
    const stopped = await offline(key, config, 128);
    stopped.events.on("iteration.ended", (e) => {
      if (e.winner !== "incumbent" && drafts.find((d) => d.hash === e.hash)?.notes?.reason === "aim") stopped.pause();
    });
    const paused = await stopped.run();
    expect(paused.status).toBe("paused");
    expect(paused.iterations).toBeLessThan(6);
    await (await resumeEpisode(local.pool, paused.dir)).run();
    expect(readEpisode(paused.dir).decisions.map((d) => d.hash)).toEqual(
      readEpisode(summary.dir).decisions.map((d) => d.hash),
    );
  });
});

describe("episode control: pause, step, resume", () => {
  it("steps one iteration at a time, pauses a run after the iteration in flight, and resumes to the end", async () => {
    const episode = await offline("blendshape/car-long-hood-low-roof", { breadth: 4, depth: 4 }, 64);
    const first = await episode.step();
    expect(first?.iteration).toBe(1);
    expect(episode.status).toBe("paused");
    episode.events.once("iteration.ended", () => episode.pause());
    const paused = await episode.run();
    expect(paused.status).toBe("paused");
    expect(paused.iterations).toBe(2);
    const done = await episode.run();
    expect(done.status).toBe("finished");
    expect(done.iterations).toBe(4);
    const types = readEvents(done.dir).map((e) => e.type);
    expect(types.filter((t) => t === "iteration.ended")).toHaveLength(4);
    expect(types.filter((t) => t === "episode.paused").length).toBeGreaterThanOrEqual(2);
    expect(types.at(-1)).toBe("episode.ended");
  });

  it("a query budget split by VeriRatio ends the episode when spent, never over it", async () => {
    const summary = await (
      await offline(
        "blendshape/car-long-hood-low-roof",
        { breadth: 4, depth: 100, budget: 20, veriRatio: 0.4, screen: false }, // every draft judged
        64,
      )
    ).run();
    expect(summary.status).toBe("finished");
    expect(summary.reason).toBe("budget");
    expect(summary.queries.generation).toBeLessThanOrEqual(12);
    // Verification (8 of 20) binds: two iterations of 4 drafts, each verified by one 4-match bracket.
    expect(summary.queries.verification).toBe(8);
    expect(summary.iterations).toBe(2);
    expect(readEvents(summary.dir).at(-1)).toMatchObject({ type: "episode.ended", reason: "budget" });
  });

  it("stop() abandons the iteration in flight and ends the episode as stopped", async () => {
    const episode = await offline("blendshape/car-long-hood-low-roof", { breadth: 4, depth: 50 }, 64);
    episode.events.once("iteration.ended", () => void episode.stop());
    const summary = await episode.run();
    expect(summary.status).toBe("stopped");
    expect(summary.iterations).toBeLessThan(50);
    expect(readEvents(summary.dir).at(-1)).toMatchObject({ type: "episode.ended", reason: "stopped" });
  });
});

describe("npm start -- run (the CLI)", () => {
  /** The same small episode on one worker, with `breadth` drafts per iteration. */
  const cliArgs = (breadth: number) => [
    ...`--task blendshape/car-long-hood-low-roof --depth 5 --breadth ${breadth} --size 64 --workers 1`.split(" "),
    ...["--runs", runs],
  ];
  const args = cliArgs(4);

  const survivesKill =
    "survives a killed sidecar: " +
    "--resume goes on from the last finished iteration and decides as an uninterrupted run does";
  it(survivesKill, async () => {
    const killed = await runCli(args, (line, child) => {
      if (line.startsWith("iteration 2/")) process.kill(-child.pid!, "SIGKILL"); // the whole process group, workers too
    });
    expect(killed.signal).toBe("SIGKILL");
    const dir = path.join(runs, episodeDirOf(killed.out));
    expect(readEpisode(dir).progress.iteration).toBeGreaterThanOrEqual(2);

    const resumed = await runCli(["--resume", dir, "--workers", "1"]);
    expect(resumed.code).toBe(0);
    expect(resumed.out.trim().split("\n").at(-1)).toMatch(/^record: .+ {2}PL \d\.\d+e[-+]\d+ -> \d\.\d+e[-+]\d+$/);
    const events = readEvents(dir);
    expect(events.filter((e) => e.type === "iteration.ended").map((e) => e.iteration)).toEqual([1, 2, 3, 4, 5]);
    expect(events.some((e) => e.type === "episode.resumed")).toBe(true);

    const straight = await runCli(args);
    const again = readEpisode(path.join(runs, episodeDirOf(straight.out)));
    expect(readEpisode(dir).decisions.map((d) => d.hash)).toEqual(again.decisions.map((d) => d.hash));
  }, 180_000);

  it("--step waits before each iteration: Enter runs one, q stops and says how to resume", async () => {
    let prompts = 0;
    const stepped = await runCli([...cliArgs(2), "--step"], (line, child) => {
      if (!line.includes("Enter: step")) return;
      prompts += 1;
      child.stdin!.write(prompts === 1 ? "\n" : "q\n");
    });
    expect(stepped.code, stepped.out).toBe(0);
    expect(prompts).toBe(2);
    expect(stepped.out.match(/iteration \d+\/5 /g)).toEqual(["iteration 1/5 "]); // one Enter, one iteration
    expect(stepped.out).toMatch(/resume with: npm start -- run --resume /);
    const dir = path.join(runs, episodeDirOf(stepped.out));
    expect(readEvents(dir).at(-1)).toMatchObject({ type: "episode.ended", reason: "stopped" });
  }, 60_000);

  it("refuses bad flags with a message naming them", async () => {
    const bad = await runCli(["--breadth", "0"]);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/breadth/);
    const offlineModel = await runCli(["--model", "gpt-4o"]);
    expect(offlineModel.code).not.toBe(0);
    expect(offlineModel.out).toMatch(/--model, --base-url, --timeout and --attempts need a model provider/);
  });
});
