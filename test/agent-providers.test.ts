import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EpisodeSummary } from "../sidecar/src/agent/episode.js";
import { EpisodeConfig, type EpisodeConfigInput } from "../sidecar/src/agent/episode-config.js";
import {
  type AgentChoice,
  type GoalMode,
  replayEpisode,
  startTaskEpisode,
} from "../sidecar/src/agent/episode-setup.js";
import { SYSTEM } from "../sidecar/src/agent/prompts.js";
import { readEvents } from "../sidecar/src/agent/record/episode-record.js";
import { type EpisodeEvent, type EventOf, eventsOf } from "../sidecar/src/agent/record/events.js";
import { programHash } from "../sidecar/src/agent/record/recording.js";
import { type LocalPool, startLocalPool } from "../sidecar/src/pool/local-pool.js";
import type { ProviderConfig } from "../sidecar/src/providers/provider-config.js";
import { loadTasks, type Task } from "../sidecar/src/tasks/task-loader.js";
import {
  type AnthropicBody,
  promptText as anthropicText,
  type FakeAnthropicServer,
  imageSources,
  startFakeAnthropic,
} from "./helpers/fake-anthropic-server.js";
import {
  type FakeOpenAIServer,
  imageUrls,
  type OpenAIBody,
  promptText as openaiText,
  startFakeOpenAI,
} from "./helpers/fake-openai-server.js";

/*
 * The VLM agent end to end: real vendor SDKs against fake API servers, real headless
 * Blender rendering every candidate, the episode's record checked line by line.
 */

const SIZE = 64;
const START_LINE = "CHAIR_LOCATION = (-0.1, -0.3, 0.0)";
const GOAL_VALUE = "(0.0, 0.1, 0.0)";
const GOAL_XYZ = [0, 0.1, 0];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const runs = mkdtempSync(path.join(os.tmpdir(), "agent-providers-"));
let local: LocalPool;
let task: Task;
let views: string[];

beforeAll(async () => {
  task = loadTasks({ category: "placement", task: "desk-chair-tuck-in" }).tasks[0]!;
  views = task.spec.views;
  local = await startLocalPool({ size: 1 });
});
/** Every fake server started, closed (if still open) when the file ends. */
const servers: { server: { listening: boolean }; close(): Promise<void> }[] = [];
async function closeServer(fake: (typeof servers)[number] | undefined): Promise<void> {
  if (fake?.server.listening) await fake.close();
}
async function fakeOpenAI(): Promise<FakeOpenAIServer> {
  const fake = await startFakeOpenAI();
  servers.push(fake);
  return fake;
}
async function fakeAnthropic(): Promise<FakeAnthropicServer> {
  const fake = await startFakeAnthropic();
  servers.push(fake);
  return fake;
}

afterAll(async () => {
  for (const fake of servers) await closeServer(fake);
  await local?.close();
});

// ---------------------------------------------------------------------------------------
// A scripted model that answers by the request's purpose, as a VLM would.

type Purpose = "brainstorm" | "edit" | "verify";

function purposeOf(text: string): Purpose | undefined {
  if (text.includes("LEFT or RIGHT")) return "verify";
  if (text.includes("Before/After")) return "edit";
  if (text.includes('"differences"')) return "brainstorm";
  return undefined;
}

const PLAN = JSON.stringify({
  differences: "The blue chair stands in front of the desk; in the goal it is pushed in under it.",
  changes: [{ change: `Set CHAIR_LOCATION to ${GOAL_VALUE}`, lines: [25] }],
});

/** The value of CHAIR_LOCATION in a program. */
function chairOf(program: string): number[] {
  const m = /^CHAIR_LOCATION = \(([^)]*)\)/m.exec(program);
  if (!m) throw new Error("CHAIR_LOCATION not in program");
  return m[1]!.split(",").map(Number);
}

const distanceToGoal = (program: string) => Math.hypot(...chairOf(program).map((v, i) => v - GOAL_XYZ[i]!));

interface GivenVerdict {
  left: string;
  right: string;
  answer: "left" | "right";
}

/**
 * Answers brainstorm, edit and verify requests. The editor moves the chair to the value
 * `target` names; the judge tells which candidate is which by matching the LEFT and RIGHT
 * images it is sent against the renders in the episode's record, and prefers the one whose
 * chair stands nearer the goal (an oracle the test controls).
 */
class ScriptedModel {
  /** Every program the scene could be in: the start and each edited program, by hash. */
  readonly programs = new Map<string, string>();
  readonly verdicts: GivenVerdict[] = [];
  readonly problems: string[] = [];
  readonly purposes: Purpose[] = [];
  private edits = 0;

  constructor(
    private readonly runDir: string,
    private readonly target: (call: { seed: number | undefined; n: number }) => string,
  ) {
    this.programs.set(programHash(task.start), task.start);
  }

  answer(text: string, images: string[], seed: number | undefined): string {
    const purpose = purposeOf(text);
    if (!purpose) {
      this.problems.push(`a request of unknown purpose: ${text.slice(0, 120)}`);
      return "?";
    }
    this.purposes.push(purpose);
    if (purpose === "brainstorm") return PLAN;
    if (purpose === "edit") return this.edit(text, seed);
    return this.verify(images);
  }

  private edit(text: string, seed: number | undefined): string {
    const program = /```python\n([\s\S]*?)\n```/.exec(text)?.[1];
    const line = program && /^CHAIR_LOCATION = \([^)]*\)$/m.exec(program)?.[0];
    if (!program || !line) {
      this.problems.push("an edit prompt without the program or its CHAIR_LOCATION line");
      return "?";
    }
    const after = `CHAIR_LOCATION = ${this.target({ seed, n: this.edits++ })}`;
    const edited = program.replace(line, after);
    this.programs.set(programHash(edited), edited);
    return JSON.stringify({ edits: [{ before: line, after }] });
  }

  /** The program whose first-view render in the record is these bytes. */
  private identify(base64: string): string | undefined {
    const png = Buffer.from(base64, "base64");
    const found = [...this.programs.values()].filter((p) => {
      const file = path.join(this.runDir, "images", `${programHash(p)}-${views[0]}.png`);
      return existsSync(file) && readFileSync(file).equals(png);
    });
    if (found.length > 1) this.problems.push(`${found.length} programs render to the same image`);
    return found[0];
  }

  private verify(images: string[]): string {
    // One image per view: the goal's first (with a goal in words, the BEFORE render's), then LEFT's, then RIGHT's.
    const n = views.length;
    const left = this.identify(images[n] ?? "");
    const right = this.identify(images[2 * n] ?? "");
    if (!left || !right) {
      this.problems.push("a verify request with a candidate image found in no render of the record");
      return "?";
    }
    const answer = distanceToGoal(left) <= distanceToGoal(right) ? "left" : "right";
    this.verdicts.push({ left: programHash(left), right: programHash(right), answer });
    return JSON.stringify({ answer, reason: `the ${answer} chair is nearer the goal's` });
  }
}

const base64OfDataUrl = (url: string) => url.replace(/^data:image\/png;base64,/, "");

function openaiStep(model: ScriptedModel) {
  return (body: OpenAIBody) =>
    model.answer(openaiText(body), imageUrls(body).map(base64OfDataUrl), body.seed ?? undefined);
}

function anthropicStep(model: ScriptedModel) {
  return (body: AnthropicBody) =>
    model.answer(
      anthropicText(body),
      imageSources(body).map((s) => (s.type === "base64" ? s.data : "")),
      undefined,
    );
}

// ---------------------------------------------------------------------------------------
// Episode and record helpers.

const RETRY = { retryBaseMs: 5, timeoutMs: 2000, maxAttempts: 3 };

function openaiConfig(server: FakeOpenAIServer): ProviderConfig {
  return { provider: "openai", model: "gpt-4o", baseUrl: server.baseUrl, apiKey: "test-key", ...RETRY };
}

let serial = 0;

/** A new episode's record folder (the scripted judge reads renders from it while the episode runs). */
function nextRecord(): { id: string; dir: string } {
  const id = `episode-${++serial}`;
  return { id, dir: path.join(runs, id) };
}

async function episodeOn(
  agent: AgentChoice,
  config: EpisodeConfigInput,
  { id, dir } = nextRecord(),
  goalMode: GoalMode = "images",
) {
  const episode = await startTaskEpisode({
    pool: local.pool,
    task,
    goalMode,
    config: EpisodeConfig.parse(config),
    agent,
    renderOverride: { width: SIZE, height: SIZE },
    runsDir: runs,
    id,
  });
  return { episode, dir };
}

/** Checks a PNG's bytes: the signature, and that it decodes to the render size. */
async function expectPngOfRenderSize(png: Buffer): Promise<void> {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const meta = await sharp(png).metadata();
  expect(meta).toMatchObject({ format: "png", width: SIZE, height: SIZE });
}

const callsOf = (events: EpisodeEvent[]) => eventsOf(events, "model.call");
const imageRefs = (call: EventOf<"model.call">) =>
  call.prompt.messages.flatMap((m) => m.content.flatMap((p) => (p.type === "image" ? [p.ref] : [])));

/**
 * The record's program per (iteration, candidate id): drafts by their draft lines,
 * the incumbent by iteration.started.
 */
function candidateHashes(events: EpisodeEvent[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of eventsOf(events, "iteration.started")) map.set(`${e.iteration}/incumbent`, e.incumbent);
  for (const e of eventsOf(events, "draft")) if (e.hash) map.set(`${e.iteration}/${e.id}`, e.hash);
  return map;
}

// ---------------------------------------------------------------------------------------

let openaiEpisode: { summary: EpisodeSummary; dir: string; server: FakeOpenAIServer } | undefined;

describe("a VLM episode through the OpenAI SDK (fake OpenAI server, real Blender)", () => {
  const openaiEpisodeRuns =
    "runs breadth 2 × depth 2 to the end: " +
    "images and system prompt reach the API, the verdicts pick the winners, the record holds every call";
  it(openaiEpisodeRuns, async () => {
    const server = await fakeOpenAI();
    const record = nextRecord();
    // Iteration 1: d0 moves the chair away, d1 to the goal. Iteration 2 (from the goal): both move it away again.
    const targets: Record<number, string[]> = {
      1: ["(0.4, -0.5, 0.0)", GOAL_VALUE],
      2: ["(0.3, 0.1, 0.0)", "(0.0, 0.4, 0.0)"],
    };
    const model = new ScriptedModel(record.dir, ({ seed }) => {
      // The generator seeds each draft's calls with seed + iteration × 1000 + draft index (config seed 0).
      const s = seed ?? -1;
      return targets[Math.floor(s / 1000)]?.[s % 1000] ?? "(9.0, 9.0, 0.0)";
    });
    const CALLS = 2 * (2 * 2 + 2); // per iteration: 2 drafts × (brainstorm + edit) + 2 matches
    server.script(...Array.from({ length: CALLS }, () => openaiStep(model)));

    const { episode, dir } = await episodeOn({ provider: openaiConfig(server) }, { breadth: 2, depth: 2 }, record);
    const iterations: EventOf<"iteration.ended">[] = [];
    episode.events.on("iteration.ended", (s) => iterations.push(s));
    const summary = await episode.run();
    openaiEpisode = { summary, dir, server };

    expect(model.problems).toEqual([]);
    expect(summary.status).toBe("finished");
    expect(summary.error).toBeUndefined();
    expect(summary.iterations).toBe(2);
    expect(server.pending).toBe(0);
    expect(server.requests).toHaveLength(CALLS);
    expect([...model.purposes].sort()).toEqual([
      ...Array(4).fill("brainstorm"),
      ...Array(4).fill("edit"),
      ...Array(4).fill("verify"),
    ]);

    // The verdicts chose: the goal draft (d1) in iteration 1, then "no change" in iteration 2.
    expect(iterations.map((s) => s.winner)).toEqual(["d1", "incumbent"]);
    expect(summary.finalProgram).toBe(task.goal);
    expect(summary.finalProgram).toContain(`CHAIR_LOCATION = ${GOAL_VALUE}`);
    expect(summary.finalScore!).toBeLessThan(summary.startScore!);

    // Each recorded match went the way the verdict given for its pair said.
    const events = readEvents(dir);
    const hashes = candidateHashes(events);
    const matches = eventsOf(events, "verify.match");
    expect(matches).toHaveLength(4);
    expect(model.verdicts).toHaveLength(4);
    for (const m of matches) {
      const left = hashes.get(`${m.iteration}/${m.left}`)!;
      const right = hashes.get(`${m.iteration}/${m.right}`)!;
      const given = model.verdicts.find((v) => v.left === left && v.right === right);
      expect(given, `a verdict for match ${m.key}`).toBeDefined();
      expect((m.verdict as { choice: string }).choice).toBe(given!.answer);
      expect(m.winner).toBe(given!.answer === "left" ? m.left : m.right);
    }

    // The requests: the system prompt first, then the user turn with PNG data URLs of the render size.
    const goalPngs = views.map((v) => readFileSync(path.join(dir, "images", `goal-${v}.png`)));
    for (const { body, headers } of server.requests) {
      expect(headers.authorization).toBe("Bearer test-key");
      expect(body.model).toBe("gpt-4o");
      expect(body.messages[0]).toEqual({ role: "system", content: SYSTEM });
      const purpose = purposeOf(openaiText(body));
      const urls = imageUrls(body);
      expect(urls.length).toBe(
        purpose === "brainstorm" ? 2 * views.length : purpose === "verify" ? 3 * views.length : 0,
      );
      for (const url of urls) expect(url.startsWith("data:image/png;base64,")).toBe(true);
      const pngs = urls.map((u) => Buffer.from(base64OfDataUrl(u), "base64"));
      for (const png of pngs) await expectPngOfRenderSize(png);
      if (purpose !== "edit") {
        // The goal images lead the brainstorm and verify prompts.
        expect(pngs.slice(0, views.length).map((p, i) => p.equals(goalPngs[i]!))).toEqual(views.map(() => true));
      }
    }

    // The record: one model.call line per call, with its key, usage, cost, and image refs that are
    // files holding the bytes sent.
    const calls = callsOf(events);
    expect(calls).toHaveLength(CALLS);
    const keys = calls.map((c) => c.key).sort();
    const expectedKeys = [1, 2].flatMap((i) => [
      `i${i}/d0/t0/brainstorm`,
      `i${i}/d0/t0/edit`,
      `i${i}/d1/t0/brainstorm`,
      `i${i}/d1/t0/edit`,
      `i${i}/b0/r0/m0/verify`,
      `i${i}/b0/r1/m0/verify`,
    ]);
    expect(keys).toEqual(expectedKeys.sort());
    for (const call of calls) {
      expect(call.error).toBeUndefined();
      expect(call.prompt.system).toBe(SYSTEM);
      expect(call.reply).toMatchObject({ attempts: 1, usage: { inputTokens: 1000, outputTokens: 200 } });
      expect(call.reply!.usage.costUsd).toBeCloseTo((1000 * 2.5 + 200 * 10) / 1e6, 10);
      expect(call.purpose).toBe(call.key!.split("/").at(-1));
      for (const ref of imageRefs(call)) expect(existsSync(path.join(dir, ref)), ref).toBe(true);
    }
    const signature = (pngs: Buffer[]) => pngs.map((p) => p.toString("base64")).join("|");
    const sent = server.requests
      .map(({ body }) => signature(imageUrls(body).map((u) => Buffer.from(base64OfDataUrl(u), "base64"))))
      .sort();
    const recorded = calls.map((c) => signature(imageRefs(c).map((ref) => readFileSync(path.join(dir, ref))))).sort();
    expect(recorded).toEqual(sent);

    // Brainstorms show the incumbent of their iteration: the start, then the goal program.
    for (const call of calls.filter((c) => c.purpose === "brainstorm")) {
      const incumbent = call.key!.startsWith("i1/") ? task.start : task.goal;
      expect(imageRefs(call)).toEqual([
        ...views.map((v) => `images/goal-${v}.png`),
        ...views.map((v) => `images/${programHash(incumbent)}-${v}.png`),
      ]);
    }

    // Usage: tokens counted over all 12 calls, and a cost for gpt-4o.
    expect(summary.usage).toMatchObject({ calls: CALLS, inputTokens: CALLS * 1000, outputTokens: CALLS * 200 });
    expect(summary.usage!.costUsd).toBeCloseTo(CALLS * 0.0045, 10);
    expect(summary.queries).toEqual({ generation: 8, verification: 4 });
    expect(readEvents(dir).at(-1)).toMatchObject({ type: "episode.ended", reason: "depth" });
  });

  const replaysFromRecord =
    "replays that episode from its record alone (no model server called, no Blender used) to the same winners";
  it(replaysFromRecord, async () => {
    expect(openaiEpisode, "the OpenAI episode ran").toBeDefined();
    const { summary: original, dir, server } = openaiEpisode!;
    // The server stays up with nothing scripted: a replay that called it would show in its requests.
    const requestsBefore = server.requests.length;
    const { episode, recorded } = await replayEpisode(
      dir,
      mkdtempSync(path.join(os.tmpdir(), "agent-providers-replay-")),
    );
    const winners: string[] = [];
    episode.events.on("iteration.ended", (s) => winners.push(s.winner));
    const summary = await episode.run();
    expect(summary.status).toBe("finished");
    expect(recorded.decisions.map((d) => d.winner)).toEqual(["d1", "incumbent"]);
    expect(winners).toEqual(recorded.decisions.map((d) => d.winner));
    const replayed = eventsOf(readEvents(summary.dir), "iteration.ended").map((e) => ({
      iteration: e.iteration,
      winner: e.winner,
      hash: e.hash,
    }));
    expect(replayed).toEqual(recorded.decisions);
    expect(summary.finalProgram).toBe(original.finalProgram);
    expect(summary.usage).toEqual(original.usage);
    expect(server.requests.length).toBe(requestsBefore);
    await closeServer(server);
  });
});

describe("a VLM episode through the Anthropic SDK (fake Anthropic server, real Blender)", () => {
  let server: FakeAnthropicServer;

  const anthropicEpisodeRuns =
    "runs breadth 1 × depth 1: " +
    "base64 PNG image blocks and the top-level system prompt reach the API; the goal edit wins";
  it(anthropicEpisodeRuns, async () => {
    server = await fakeAnthropic();
    const record = nextRecord();
    const model = new ScriptedModel(record.dir, () => GOAL_VALUE);
    server.script(...Array.from({ length: 3 }, () => anthropicStep(model)));
    const provider: ProviderConfig = {
      provider: "anthropic",
      model: "claude-sonnet-4-6",
      baseUrl: server.baseUrl,
      apiKey: "test-key",
      ...RETRY,
    };
    const { episode, dir } = await episodeOn({ provider }, { breadth: 1, depth: 1 }, record);
    const summary = await episode.run();

    expect(model.problems).toEqual([]);
    expect(summary.status).toBe("finished");
    expect(summary.finalProgram).toBe(task.goal);
    expect(model.purposes).toEqual(["brainstorm", "edit", "verify"]);
    expect(server.pending).toBe(0);
    expect(server.requests).toHaveLength(3);

    const goalPngs = views.map((v) => readFileSync(path.join(dir, "images", `goal-${v}.png`)));
    for (const { body, headers } of server.requests) {
      expect(headers.authorization).toBe("Bearer test-key"); // SDK 1.x sends the key as a bearer token
      expect(body.system).toBe(SYSTEM);
      expect(body.messages.map((m) => m.role)).toEqual(["user"]);
      expect("temperature" in body).toBe(false);
      const purpose = purposeOf(anthropicText(body));
      const sources = imageSources(body);
      expect(sources.length).toBe(
        purpose === "brainstorm" ? 2 * views.length : purpose === "verify" ? 3 * views.length : 0,
      );
      for (const s of sources) {
        expect(s).toMatchObject({ type: "base64", media_type: "image/png" });
        if (s.type === "base64") await expectPngOfRenderSize(Buffer.from(s.data, "base64"));
      }
      if (purpose !== "edit") {
        const leading = sources
          .slice(0, views.length)
          .map((s) => (s.type === "base64" ? Buffer.from(s.data, "base64") : Buffer.alloc(0)));
        expect(leading.map((p, i) => p.equals(goalPngs[i]!))).toEqual(views.map(() => true));
      }
    }

    const calls = callsOf(readEvents(dir));
    expect(calls.map((c) => c.key)).toEqual(["i1/d0/t0/brainstorm", "i1/d0/t0/edit", "i1/b0/r0/m0/verify"]);
    expect(summary.usage).toMatchObject({ calls: 3, inputTokens: 3000, outputTokens: 600 });
    expect(summary.usage!.costUsd).toBeCloseTo(3 * ((1000 * 3 + 200 * 15) / 1e6), 10);
  });
});

let faultsDir: string | undefined;
let faultsSummary: EpisodeSummary | undefined;

describe("faults inside an episode (fake OpenAI server, real Blender)", () => {
  let server: FakeOpenAIServer;

  const faultsInEpisode =
    "rejects drafts with recorded reasons and goes on; retries what a retry can fix; " +
    "a verifier with no answer keeps the incumbent; a 401 ends the episode";
  it(faultsInEpisode, async () => {
    server = await fakeOpenAI();
    const goalEdit = JSON.stringify({ edits: [{ before: START_LINE, after: `CHAIR_LOCATION = ${GOAL_VALUE}` }] });
    const missEdit = JSON.stringify({
      edits: [{ before: "CHAIR_LOCATION = (9.0, 9.0, 9.0)", after: `CHAIR_LOCATION = ${GOAL_VALUE}` }],
    });
    const syntaxEdit = JSON.stringify({ edits: [{ before: START_LINE, after: "CHAIR_LOCATION = (0.0, 0.1, 0.0" }] });
    const syntaxProgram = task.start.replace(START_LINE, "CHAIR_LOCATION = (0.0, 0.1, 0.0");
    server.script(
      // Iteration 1: a brainstorm reply that is not valid JSON (a trailing comma).
      'My plan: {"differences": "the chair sticks out", "changes": [{"change": "move it in", "lines": [25],}]}',
      // Iteration 2: edits whose "before" is in no program, twice (the first try and one re-plan).
      PLAN,
      missEdit,
      PLAN,
      missEdit,
      // Iteration 3: an edit that breaks the program's syntax.
      PLAN,
      syntaxEdit,
      // Iteration 4: a 429 then the brainstorm, a good edit, and a verdict that is not JSON.
      { status: 429 },
      PLAN,
      goalEdit,
      "I would say the left one looks closer to the goal.",
      // Iteration 5: 500 until the retries run out.
      { status: 500 },
      { status: 500 },
      { status: 500 },
      // Iteration 6: a bad key.
      { status: 401 },
    );
    const scripted = server.pending;
    const { episode, dir } = await episodeOn({ provider: openaiConfig(server) }, { breadth: 1, depth: 8, replans: 1 });
    const iterations: EventOf<"iteration.ended">[] = [];
    episode.events.on("iteration.ended", (s) => iterations.push(s));
    const summary = await episode.run();
    faultsDir = dir;
    faultsSummary = summary;

    expect(server.pending).toBe(0);
    expect(server.requests).toHaveLength(scripted);
    const events = readEvents(dir);
    const draft = (i: number) => eventsOf(events, "draft").find((e) => e.iteration === i)!;
    const call = (key: string) => callsOf(events).find((c) => c.key === key);

    // 1: the brainstorm reply is not JSON; the reason names the JSON problem.
    expect(draft(1).program).toBeNull();
    expect(draft(1).rejected).toMatch(/^brainstorm: reply is not JSON: .*double-quoted property name/);
    expect(call("i1/d0/t0/edit")).toBeUndefined();

    // 2: "before" not found, re-planned once, then rejected.
    expect(call("i2/d0/t1/brainstorm")).toBeDefined();
    expect(call("i2/d0/t1/edit")).toBeDefined();
    expect(call("i2/d0/t2/brainstorm")).toBeUndefined();
    expect(draft(2).program).toBeNull();
    expect(draft(2).rejected).toMatch(
      /^edit: no Before\/After pair applied \(edit 1: "before" not found: "CHAIR_LOCATION = \(9\.0/,
    );
    expect(draft(2).queries).toBe(4);

    // 3: a syntax error fails in the worker's one compile, before the scene is reset or rendered.
    expect(draft(3).program).toBe(syntaxProgram);
    const dropped3 = eventsOf(events, "draft.dropped").find((e) => e.iteration === 3)!;
    expect(dropped3.error).toMatch(/^SyntaxError at line \d+: /);
    expect(eventsOf(events, "program.analyzed").some((e) => e.hash === programHash(syntaxProgram))).toBe(false);
    const rendered3 = eventsOf(events, "program.rendered").filter((e) => e.hash === programHash(syntaxProgram));
    expect(rendered3).toMatchObject([{ ok: false }]);
    expect(rendered3[0]!.images).toBeUndefined();

    // 4: the 429 is retried (one call, two attempts); the verdict does not parse, so the match goes to the incumbent.
    expect(call("i4/d0/t0/brainstorm")?.reply?.attempts).toBe(2);
    expect(draft(4).program).toBe(task.goal);
    const match4 = eventsOf(events, "verify.match").filter((e) => e.iteration === 4);
    expect(match4).toHaveLength(1);
    expect(match4[0]!.winner).toBe("incumbent");
    expect(match4[0]!.verdict).toMatchObject({ choice: null, reason: expect.stringMatching(/^reply is not JSON/) });
    const scored4 = eventsOf(events, "draft.scored").find((e) => e.iteration === 4)!;
    // the draft was better: the rule, not the metric, kept the incumbent
    expect(scored4.score!).toBeLessThan(summary.startScore!);

    // 5: 500s until the retries run out reject the draft only.
    expect(draft(5).rejected).toMatch(/^model call failed: openai: failed after 3 attempts; last error: 500 /);
    expect(call("i5/d0/t0/brainstorm")).toMatchObject({
      error: expect.stringMatching(/failed after 3 attempts/),
      status: 500,
      attempts: 3,
    });

    // Iterations 1–5 ended with the incumbent kept.
    expect(iterations.map((s) => s.iteration)).toEqual([1, 2, 3, 4, 5]);
    expect(iterations.map((s) => s.winner)).toEqual(Array(5).fill("incumbent"));
    expect(iterations.map((s) => s.drafts[0]!.ok)).toEqual([false, false, false, true, false]);

    // 6: a 401 ends the episode, failed, naming the status.
    expect(summary.status).toBe("failed");
    expect(summary.reason).toBe("failed");
    expect(summary.iterations).toBe(5);
    expect(summary.error).toMatch(/401/);
    expect(summary.finalProgram).toBe(task.start);
    expect(eventsOf(events, "episode.failed")).toEqual([
      expect.objectContaining({ iteration: 6, error: expect.stringMatching(/401/) }),
    ]);
    expect(call("i6/d0/t0/brainstorm")).toMatchObject({
      error: expect.stringMatching(/401/),
      status: 401,
      attempts: 1,
    });
    expect(events.at(-1)).toMatchObject({ type: "episode.ended", reason: "failed" });
  });

  it("replays the faults record to the same decisions and the same failure", async () => {
    expect(faultsDir, "the faults episode ran").toBeDefined();
    await closeServer(server);
    const { episode, recorded } = await replayEpisode(
      faultsDir!,
      mkdtempSync(path.join(os.tmpdir(), "agent-providers-replay-")),
    );
    const summary = await episode.run();
    const replayed = eventsOf(readEvents(summary.dir), "iteration.ended").map((e) => ({
      iteration: e.iteration,
      winner: e.winner,
      hash: e.hash,
    }));
    expect(replayed).toEqual(recorded.decisions);
    expect(summary.status).toBe("failed");
    expect(summary.iterations).toBe(faultsSummary!.iterations);
    expect(summary.error).toBe(faultsSummary!.error);
  });
});

describe("the oracle ablation: a VLM generator with the metric verifier", () => {
  let server: FakeOpenAIServer;

  const oracleVerifier =
    "makes no verify calls and picks the draft with the lower photometric loss (openai-compatible provider)";
  it(oracleVerifier, async () => {
    server = await fakeOpenAI();
    const record = nextRecord();
    // d0 moves the chair away; d1, the later draft, to the goal: canonical order alone would not pick it.
    const model = new ScriptedModel(record.dir, ({ seed }) => (seed === 1001 ? GOAL_VALUE : "(0.4, -0.5, 0.0)"));
    server.script(...Array.from({ length: 4 }, () => openaiStep(model)));
    const provider: ProviderConfig = {
      provider: "openai-compatible",
      model: "llava-local",
      baseUrl: server.baseUrl,
      ...RETRY,
    };
    const { episode, dir } = await episodeOn({ provider, verifier: "metric" }, { breadth: 2, depth: 1 }, record);
    const summary = await episode.run();

    expect(model.problems).toEqual([]);
    expect(summary.status).toBe("finished");
    expect(server.pending).toBe(0);
    expect(model.purposes.sort()).toEqual(["brainstorm", "brainstorm", "edit", "edit"]);
    for (const { body } of server.requests) {
      expect(openaiText(body)).not.toContain("LEFT or RIGHT");
      expect(body.max_tokens).toBe(4096);
      expect(body.max_completion_tokens).toBeUndefined();
    }

    const events = readEvents(dir);
    expect(events[0]).toMatchObject({ type: "episode.started", generator: "model", verifier: "metric" });
    expect(
      callsOf(events)
        .map((c) => c.purpose)
        .sort(),
    ).toEqual(["brainstorm", "brainstorm", "edit", "edit"]);
    const scores = new Map<string, number>(eventsOf(events, "draft.scored").map((e) => [e.id, e.score!]));
    scores.set("incumbent", summary.startScore!);
    const lowest = [...scores.entries()].sort((a, b) => a[1] - b[1])[0]![0];
    const ended = eventsOf(events, "iteration.ended")[0]!;
    expect(lowest).toBe("d1");
    expect(ended.winner).toBe(lowest);
    expect(summary.finalProgram).toBe(task.goal);
    const matches = eventsOf(events, "verify.match");
    expect(matches).toHaveLength(2);
    for (const m of matches) expect((m.verdict as { reason: string }).reason).toMatch(/^PL left /);
    expect(summary.queries).toEqual({ generation: 4, verification: 2 });
    expect(summary.usage).toMatchObject({ calls: 4, inputTokens: 4000, outputTokens: 800, costUsd: null });
  });
});

describe("a goal given in words (--goal text), through the OpenAI SDK", () => {
  const goalInWords =
    "sends the task's instruction and no goal image in every prompt; " +
    "the model verifier picks the chair nearer the described place";
  it(goalInWords, async () => {
    const server = await fakeOpenAI();
    const record = nextRecord();
    const model = new ScriptedModel(record.dir, ({ seed }) => (seed === 1001 ? GOAL_VALUE : "(0.4, -0.5, 0.0)"));
    server.script(...Array.from({ length: 6 }, () => openaiStep(model)));
    const { episode } = await episodeOn({ provider: openaiConfig(server) }, { breadth: 2, depth: 1 }, record, "text");
    const summary = await episode.run();

    expect(model.problems).toEqual([]);
    expect(summary.status, summary.error).toBe("finished");
    expect(server.pending).toBe(0);
    expect(model.purposes.sort()).toEqual(["brainstorm", "brainstorm", "edit", "edit", "verify", "verify"]);
    for (const { body } of server.requests) {
      const text = openaiText(body);
      const purpose = purposeOf(text);
      expect(text).not.toContain("GOAL render");
      // The editor sees the program and the plan only; the others see the goal in words.
      if (purpose !== "edit") expect(text).toContain(`The goal, in words: ${task.spec.instruction}`);
      if (purpose === "verify") expect(text).toContain("BEFORE any edit");
      // Images, one per view: brainstorm the current render; verify BEFORE, LEFT and RIGHT.
      expect(imageUrls(body)).toHaveLength({ brainstorm: 1, edit: 0, verify: 3 }[purpose!] * views.length);
    }
    expect(summary.startScore).toBeUndefined(); // no goal images: no PL to report
    expect(summary.finalProgram).toBe(task.goal);
  });
});
