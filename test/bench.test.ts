import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readResults } from "../sidecar/src/bench/results.js";
import { runTsx } from "./helpers/cli.js";

const TASKS = "placement/desk-chair-tuck-in,blendshape/car-long-hood-low-roof";
const root = mkdtempSync(path.join(os.tmpdir(), "bench-"));

/** `npm run bench -- <args>` as a user runs it; resolves with its exit code and output. */
const bench = (args: string[]) => runTsx("sidecar/src/cli/bench.ts", args);

const run = (out: string, ...extra: string[]) =>
  bench([
    "run",
    "--tasks",
    TASKS,
    "--depth",
    "2",
    "--breadth",
    "4",
    "--size",
    "64",
    "--workers",
    "2",
    "--out",
    out,
    ...extra,
  ]);

describe("npm run bench (offline, real Blender)", () => {
  const full = path.join(root, "full");

  const endToEnd =
    "runs two tasks end to end: results.jsonl, summary.md and summary.csv with start, selected and best metrics";
  it(endToEnd, async () => {
    const r = await run(full);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/\[#{20}\] 2\/2 /);
    const rows = readResults(full);
    expect(rows.map((x) => x.task).sort()).toEqual(TASKS.split(",").sort());
    for (const row of rows) {
      expect(row.status).toBe("ok");
      expect(Object.keys(row.metrics).sort()).toEqual(["cd", "nclip", "pl", "ssim"]);
      const { pl, ssim, cd, nclip } = row.metrics;
      expect(pl!.start).toBeGreaterThan(0);
      expect(pl!.selected!).toBeLessThanOrEqual(pl!.start!);
      expect(pl!.best!).toBeLessThanOrEqual(pl!.selected!);
      expect(ssim!.selected!).toBeGreaterThan(0);
      expect(cd!.start!).toBeGreaterThan(0); // both tasks name Chamfer objects
      expect(nclip!.selected).toBeNull(); // no CLIP model here: n/a with the reason, never a number
      expect(row.unavailable.nclip).toMatch(/no CLIP model/);
      expect(existsSync(path.join(full, row.episode, "events.jsonl"))).toBe(true);
    }
    const blendshape = rows.find((x) => x.category === "blendshape")!.metrics.pl!;
    expect(blendshape.selected!).toBeLessThan(blendshape.start! * 0.5);
    const md = readFileSync(path.join(full, "summary.md"), "utf8");
    expect(md).toMatch(/## Photometric loss \(PL\)/);
    expect(md).toMatch(/\| offline 2x4 k1 metric-verifier \| [\d.]+ \| no runs \| no runs \| [\d.]+ \| no runs \|/);
    const csv = readFileSync(path.join(full, "summary.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("configuration,metric,which,category,mean,n,note");
    const scaled = csv.find((l) => l.includes(",pl,selected,blendshape,"))!.split(",");
    // ×10³, as BlenderGym reports blend shape
    expect(Number(scaled[4])).toBeCloseTo(blendshape.selected! * 1e3, 9);
  }, 120_000);

  it("a rerun into the same folder skips finished tasks and redoes a failed one", async () => {
    const file = path.join(full, "results.jsonl");
    const [first, second] = readFileSync(file, "utf8").trim().split("\n");
    const failed = { ...JSON.parse(second!), status: "failed", failure: "simulated" };
    writeFileSync(file, `${first}\n${JSON.stringify(failed)}\n`);
    const r = await run(full);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/2 task\(s\)/);
    expect(r.out.match(/\] \d\/2 /g)).toHaveLength(1); // only the failed task ran again
    expect(r.out).toContain(failed.task);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!)).toMatchObject({ task: failed.task, status: "ok" });
    expect(readFileSync(path.join(full, "summary.md"), "utf8")).toMatch(/2 results/);
  }, 120_000);

  it("two shards merged give the same summary as the unsharded run", async () => {
    const [a, b, merged] = ["shard1", "shard2", "merged"].map((d) => path.join(root, d));
    expect((await run(a!, "--shard", "1/2")).code).toBe(0);
    expect((await run(b!, "--shard", "2/2")).code).toBe(0);
    expect(readResults(a!)).toHaveLength(1);
    expect(readResults(b!)).toHaveLength(1);
    const m = await bench(["merge", "--out", merged!, a!, b!]);
    expect(m.code, m.out).toBe(0);
    expect(readFileSync(path.join(merged!, "summary.md"), "utf8")).toBe(
      readFileSync(path.join(full, "summary.md"), "utf8"),
    );
    expect(readFileSync(path.join(merged!, "summary.csv"), "utf8")).toBe(
      readFileSync(path.join(full, "summary.csv"), "utf8"),
    );
    const cmp = await bench(["compare", full, merged!]);
    expect(cmp.out).toMatch(/blendshape +\S+ +\S+ +\+?0\.000e\+0/);
  }, 180_000);

  it("scaling: a run per budget × VeriRatio, then scaling.csv and a real plot", async () => {
    const out = path.join(root, "scaling");
    const r = await bench([
      "scaling",
      "--tasks",
      "blendshape/car-long-hood-low-roof",
      "--budgets",
      "8,24",
      "--veri-ratios",
      "0.33,0.62",
      "--size",
      "64",
      "--out",
      out,
    ]);
    expect(r.code, r.out).toBe(0);
    const csv = readFileSync(path.join(out, "scaling.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("budget,veriRatio,verifyK,meanPL,meanStartPL,tasks");
    const points = csv.slice(1).map((l) => l.split(",").map(Number));
    expect(points.map(([b, r]) => [b, r])).toEqual([
      [8, 0.33],
      [24, 0.33],
      [8, 0.62],
      [24, 0.62],
    ]);
    for (const [, , , pl, start, tasks] of points) {
      expect(tasks).toBe(1); // the point's one task ran: its means are over a real result
      expect(start!).toBeGreaterThan(0);
      expect(pl!).toBeLessThanOrEqual(start!);
    }
    // Each point is a real benchmark run: its rows spent no more than its budget.
    const rows = readResults(path.join(out, "k8-r0.33-q24"));
    expect(rows).toHaveLength(1);
    for (const row of rows) expect(row.queries.generation + row.queries.verification).toBeLessThanOrEqual(24);
    const png = sharp(path.join(out, "scaling.png"));
    expect(await png.metadata()).toMatchObject({ format: "png", width: 720, height: 440 });
    const { channels } = await png.stats();
    expect(channels[0]!.min).toBeLessThan(100); // lines and text drawn, not a blank page
  }, 120_000);

  it("refuses bad input naming it", async () => {
    const refused = async (args: string[], message: RegExp) => {
      const r = await bench(args);
      expect(r.code, r.out).not.toBe(0);
      expect(r.out).toMatch(message);
    };
    await refused(["run", "--out", path.join(root, "x"), "--tasks", "nosuch"], /no task matches "nosuch"/);
    await refused(["run", "--out", path.join(root, "x"), "--shard", "3/2"], /--shard takes i\/n/);
    await refused(["run"], /--out is required/);
  });
});
