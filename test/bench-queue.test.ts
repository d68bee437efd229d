import type { ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../sidecar/perf/redis-server.js";
import { readResults } from "../sidecar/src/bench/results.js";
import { type CliRun, runTsx } from "./helpers/cli.js";
import { startFakeOpenAI } from "./helpers/fake-openai-server.js";

const TASKS = [
  "blendshape/car-long-hood-low-roof",
  "blendshape/car-lowered-flares",
  "blendshape/car-spoiler",
  "placement/desk-chair-tuck-in",
  "placement/desk-rearrange",
  "geometry/books-messy-thin",
].join(",");
/** Small episodes with a few iterations, so a worker can be killed between two of them. */
const EPISODE = ["--depth", "3", "--breadth", "3", "--size", "64"];
const root = mkdtempSync(path.join(os.tmpdir(), "bench-queue-"));

const bench = (args: string[], onLine?: (line: string, child: ChildProcess) => void, timeoutMs = 240_000) =>
  runTsx("sidecar/src/cli/bench.ts", args, onLine, timeoutMs);

/** A `bench worker` process with one Blender: its output so far, when it takes jobs, and its end. */
function startWorker(url: string, onLine?: (line: string, child: ChildProcess) => void) {
  let child: ChildProcess | undefined;
  let out = "";
  let taking: () => void = () => {};
  const ready = new Promise<void>((resolve) => (taking = resolve));
  const ended = bench(["worker", "--queue", url, "--workers", "1", "--stalled-after", "4"], (line, c) => {
    child = c;
    out += `${line}\n`;
    if (/taking jobs/.test(line)) taking();
    onLine?.(line, c);
  });
  return {
    ended,
    ready,
    output: () => out,
    /** Ctrl+C: finish the jobs in hand and stop. */
    stop: async (): Promise<CliRun> => {
      if (child) process.kill(-child.pid!, "SIGINT"); // as a terminal's Ctrl+C: the whole process group
      return ended;
    },
  };
}

describe("npm run bench on a Redis queue (real Redis, BullMQ and Blender)", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  const local = path.join(root, "local");
  const queued = path.join(root, "queued");

  const sixTasks =
    "a coordinator and two workers play 6 tasks; a worker SIGKILLed mid-episode is resumed elsewhere; " +
    "the summary is a local run's, byte for byte";
  it(sixTasks, async () => {
    const alone = await bench(["run", "--tasks", TASKS, ...EPISODE, "--workers", "2", "--out", local]);
    expect(alone.code, alone.out).toBe(0);

    let killed: { task: string; worker: number } | undefined;
    const workers = [0, 1].map((i) =>
      startWorker(redis.url, (line, child) => {
        const checkpoint = /^ {2}(\S+): iteration 1 checkpointed/.exec(line);
        if (checkpoint && !killed) {
          killed = { task: checkpoint[1]!, worker: i };
          process.kill(-child.pid!, "SIGKILL"); // the worker and its Blender, mid-episode
        }
      }),
    );
    await Promise.all(workers.map((w) => w.ready));
    const run = await bench(["run", "--queue", redis.url, "--tasks", TASKS, ...EPISODE, "--out", queued]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/6 job\(s\) enqueued, 0 already there/);
    expect(run.out).toMatch(/\[#{20}\] 6\/6 /);
    expect(killed).toBeDefined();
    // The job of the killed worker went to the other, which resumed its record.
    const { task } = killed!;
    const dead = workers[killed!.worker]!;
    const survivor = workers[1 - killed!.worker]!;
    expect((await dead.ended).signal).toBe("SIGKILL");
    expect(dead.output()).toContain(`${task}: attempt 1`);
    expect(survivor.output()).toContain(`${task}: attempt 2, resuming attempt 1's record`);
    expect(run.out).toMatch(new RegExp(`${task} started on \\S+ \\(attempt 2\\)`));

    expect(readFileSync(path.join(queued, "summary.md"), "utf8")).toBe(
      readFileSync(path.join(local, "summary.md"), "utf8"),
    );
    expect(readFileSync(path.join(queued, "summary.csv"), "utf8")).toBe(
      readFileSync(path.join(local, "summary.csv"), "utf8"),
    );
    for (const row of readResults(queued)) {
      expect(row.status).toBe("ok");
      const events = readFileSync(path.join(queued, row.episode, "events.jsonl"), "utf8");
      expect(events).toMatch(/"type":"episode.ended"/);
      if (row.task === task) expect(events).toMatch(/"type":"episode.resumed"/);
    }

    const stopped = await survivor.stop(); // Ctrl+C with nothing in hand: it stops cleanly
    expect(stopped.code, stopped.out).toBe(0);
  }, 600_000);

  it("a rerun enqueues nothing, and status shows what the queue holds", async () => {
    const again = await bench(["run", "--queue", redis.url, "--tasks", TASKS, ...EPISODE, "--out", queued]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/6 task\(s\) into/);
    expect(again.out).toMatch(/0 job\(s\) enqueued, 0 already there/); // all six are in --out already
    expect(readResults(queued)).toHaveLength(6);
    const status = await bench(["status", "--queue", redis.url]);
    expect(status.code, status.out).toBe(0);
    expect(status.out).toMatch(/jobs: 0 waiting, 0 running, 6 done, 0 failed/);
  }, 60_000);

  const poison =
    "a poison task ends failed after its attempts, with its reason in the summary and in status; the run ends";
  it(poison, async () => {
    const tasksDir = path.join(root, "tasks");
    cpSync(path.resolve("tasks/scenes"), path.join(tasksDir, "scenes"), { recursive: true });
    for (const key of ["blendshape/car-spoiler", "blendshape/car-lowered-flares"])
      cpSync(path.resolve("tasks", key), path.join(tasksDir, key), { recursive: true });
    writeFileSync(path.join(tasksDir, "blendshape/car-spoiler/goal.py"), 'raise RuntimeError("poison pill")\n');
    const worker = startWorker(redis.url);
    await worker.ready;
    const out = path.join(root, "poison");
    const run = await bench(
      ["run", "--queue", redis.url, "--tasks-dir", tasksDir, ...EPISODE, "--job-attempts", "2", "--out", out],
      undefined,
      180_000,
    );
    expect(run.code, run.out).toBe(0);
    const rows = readResults(out);
    expect(rows.map((r) => [r.task, r.status]).sort()).toEqual([
      ["blendshape/car-lowered-flares", "ok"],
      ["blendshape/car-spoiler", "failed"],
    ]);
    expect(worker.output().match(/car-spoiler: attempt \d/g)).toEqual([
      "car-spoiler: attempt 1",
      "car-spoiler: attempt 2",
    ]);
    const md = readFileSync(path.join(out, "summary.md"), "utf8");
    expect(md).toMatch(
      /\| offline 3x3 k1 metric-verifier \| blendshape\/car-spoiler \| .*poison pill.* \(after 2 attempt\(s\)\) \|/,
    );
    const status = await bench(["status", "--queue", redis.url]);
    expect(status.out).toMatch(/1 failed/);
    expect(status.out).toMatch(/blendshape\/car-spoiler {2}after 2 attempt\(s\): .*poison pill/);
    expect(status.out).toMatch(/workers: 1 \(\S+:\d+\)/);
    await worker.stop();
  }, 240_000);

  const ctrlC = "Ctrl+C on a worker finishes its job and stops; a second Ctrl+C returns the job at once, to be resumed";
  it(ctrlC, async () => {
    const out = path.join(root, "ctrl-c");
    const two = "blendshape/car-spoiler,placement/desk-chair-tuck-in";
    // Episodes long enough that the second press (1.5 s after the first) comes before the job ends,
    // on a fast Blender too.
    const long = ["--depth", "12", "--breadth", "3", "--size", "64"];
    const run = bench(["run", "--queue", redis.url, "--tasks", two, ...long, "--seed", "3", "--out", out]);
    const first = startWorker(redis.url, (line, child) => {
      if (/iteration 1 checkpointed/.test(line) && !/finishing/.test(first.output()))
        process.kill(-child.pid!, "SIGINT");
    });
    const finished = await first.ended;
    expect(finished.code, finished.out).toBe(0);
    expect(finished.out).toMatch(/finishing 1 job\(s\); Ctrl\+C again returns them to the queue/);
    expect(finished.out.match(/: attempt 1/g)).toHaveLength(1); // it took no second job
    expect(finished.out).toMatch(/: done/);

    const second = startWorker(redis.url, (line, child) => {
      if (/iteration 1 checkpointed/.test(line) && !/returning/.test(second.output())) {
        process.kill(-child.pid!, "SIGINT");
        setTimeout(() => process.kill(-child.pid!, "SIGINT"), 1500); // a second press, not the first relayed
      }
    });
    const returned = await second.ended;
    expect(returned.code, returned.out).toBe(0);
    expect(returned.out).toMatch(/returning 1 job\(s\) to the queue/);
    const [, task] = /^ {2}(\S+): attempt 1$/m.exec(returned.out)!;

    const third = startWorker(redis.url);
    const done = await run;
    expect(done.code, done.out).toBe(0);
    expect(third.output()).toContain(`${task}: attempt 2, resuming attempt 1's record`);
    expect(readResults(out).map((r) => r.status)).toEqual(["ok", "ok"]);
    await third.stop();
  }, 240_000);

  it("Redis restarted mid-run (persistence on): the run goes on", async () => {
    const out = path.join(root, "restart");
    let restarted: Promise<void> | undefined;
    const worker = startWorker(redis.url, (line) => {
      if (/iteration 1 checkpointed/.test(line) && !restarted) restarted = redis.stop().then(() => redis.start());
    });
    const run = await bench([
      "run",
      "--queue",
      redis.url,
      "--tasks",
      "blendshape/car-spoiler",
      ...EPISODE,
      "--out",
      out,
    ]);
    expect(restarted).toBeDefined();
    expect(run.code, run.out).toBe(0);
    expect(readResults(out)).toMatchObject([{ task: "blendshape/car-spoiler", status: "ok" }]);
    await worker.stop();
  }, 120_000);

  it("a provider rate limit holds across two worker machines: a fake API server counts the requests", async () => {
    const server = await startFakeOpenAI();
    const times: number[] = [];
    const reply = () => {
      times.push(Date.now());
      return "No change is needed."; // no edit: each draft costs its calls and renders nothing new
    };
    server.script(...Array.from({ length: 500 }, () => reply));
    const workers = [startWorker(redis.url), startWorker(redis.url)];
    await Promise.all(workers.map((w) => w.ready));
    try {
      const run = await bench([
        "run",
        "--queue",
        redis.url,
        "--tasks",
        "blendshape/car-spoiler,placement/desk-rearrange",
        ...["--provider", "openai-compatible", "--model", "m", "--base-url", server.baseUrl, "--verifier", "metric"],
        ...["--depth", "3", "--breadth", "4", "--size", "64", "--rate-limit", "5/s"],
        "--out",
        path.join(root, "limited"),
      ]);
      expect(run.code, run.out).toBe(0);
      expect(workers.map((w) => /: attempt 1/.test(w.output()))).toEqual([true, true]); // both machines asked
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await server.close();
    }
    expect(times.length).toBeGreaterThanOrEqual(20);
    // 5 per second, spread evenly: a permit every 200 ms. A request reaches the server some
    // milliseconds after its permit (up to ~100 here, varying), so any 11 in a row span their 10
    // gaps' 2 s less that jitter, and no second sees more than 5 (6 with the jitter).
    const spans = times.slice(10).map((t, i) => t - times[i]!);
    expect(Math.min(...spans)).toBeGreaterThan(1800);
    const perSecond = new Map<number, number>();
    for (const t of times) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(6);
  }, 240_000);

  it("Redis down: a clear error naming the URL, no stack trace, no hang", async () => {
    await redis.stop();
    const down = path.join(root, "down");
    try {
      for (const args of [
        ["run", "--queue", redis.url, "--tasks", "blendshape/car-spoiler", "--out", down],
        ["worker", "--queue", redis.url],
        ["status", "--queue", redis.url],
        // A coordinator needs no API key (its workers read their own): it gets as far as Redis.
        ["run", "--queue", redis.url, "--provider", "openai", "--tasks", "blendshape/car-spoiler", "--out", down],
      ]) {
        const r = await bench(args, undefined, 30_000);
        expect(r.code, r.out).toBe(1);
        expect(r.out).toContain(`error: cannot reach Redis at ${redis.url}: connect ECONNREFUSED`);
        expect(r.out).not.toMatch(/\n\s+at /); // no stack trace
      }
      const bad = await bench(["status", "--queue", "localhost:6379"], undefined, 30_000);
      expect(bad.out).toMatch(/--queue takes a Redis URL/);
      expect(existsSync(down)).toBe(false);
    } finally {
      await redis.start();
    }
  }, 120_000);
});
