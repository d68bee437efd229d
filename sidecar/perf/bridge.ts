/**
 * npm run perf:bridge — what the bridge costs, measured on this machine.
 *
 * 1. No-op round trip (session.ping) to a warm worker: p50 and p99.
 * 2. worker.evaluate (reset + program + two 256² views) on the simple scene, WORKBENCH and
 *    EEVEE, median over RUNS runs; the warm worker's overhead is wall time minus the
 *    worker's own render time.
 * 3. The sandbox's cost: a bwrap worker and an unsandboxed one take turns on the same
 *    WORKBENCH evaluate (so drift in the machine's speed hits both alike); the difference
 *    of their medians per evaluate.
 * 4. The same candidate the reference harness's way: a fresh `blender -b` per candidate.
 * The last line is `speedup <ratio>x` (warm worker vs process per candidate, WORKBENCH).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Engine } from "../../protocol/src/index.js";
import { findBlender } from "../src/pool/blender-binary.js";
import { withLocalPool } from "../src/pool/local-pool.js";
import type { WorkerPool } from "../src/pool/worker-pool.js";
import { median, quantile } from "./stats.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PINGS = 2000;
const SIZE = 256;
const SCENE_PATH = fileURLToPath(new URL("../../tasks/scenes/simple_scene.py", import.meta.url));
const SCENE = { script: readFileSync(SCENE_PATH, "utf8"), name: "simple_scene.py" };
const VIEWS = [{ camera: "Camera1" }, { camera: "Camera2" }];

/** A different candidate each run, so nothing can be served from a cache. */
const program = (i: number) => `bpy.data.objects['Cube'].location.x = ${(0.1 * i).toFixed(2)}\n`;

const ms = (x: number) => `${x.toFixed(x < 10 ? 3 : 1)} ms`;

async function roundTrip(pool: WorkerPool) {
  return pool.withWorker(async (w) => {
    for (let i = 0; i < 100; i++) await pool.callOn(w, "session.ping", {});
    const times: number[] = [];
    for (let i = 0; i < PINGS; i++) {
      const t = performance.now();
      await pool.callOn(w, "session.ping", {});
      times.push(performance.now() - t);
    }
    return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
  });
}

async function warmEvaluate(pool: WorkerPool, engine: Engine) {
  const settings = { engine, width: SIZE, height: SIZE, samples: engine === "EEVEE" ? 16 : 1 };
  for (let i = 0; i < 2; i++) await pool.evaluate({ scene: SCENE, code: program(i), views: VIEWS, settings });
  const walls: number[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const result = await pool.evaluate({ scene: SCENE, code: program(i), views: VIEWS, settings });
    const wall = performance.now() - t;
    walls.push(wall);
    overheads.push(wall - result.timing.renderMs);
  }
  return { wall: median(walls), overhead: median(overheads) };
}

/** Median evaluate wall time in a bwrap worker and in an unsandboxed one, taking turns. */
async function sandboxCost(): Promise<void> {
  const settings = { engine: "WORKBENCH" as const, width: SIZE, height: SIZE, samples: 1 };
  await withLocalPool({ size: 1, sandbox: "auto" }, async (sandboxed) => {
    if (!sandboxed.sandboxed) {
      console.log("sandbox cost: not measured, no bwrap sandbox on this machine");
      return;
    }
    await withLocalPool({ size: 1, sandbox: "off" }, async (open) => {
      const walls = { bwrap: [] as number[], off: [] as number[] };
      for (let i = 0; i < RUNS + 2; i++) {
        for (const [name, pool] of [
          ["bwrap", sandboxed],
          ["off", open],
        ] as const) {
          const t = performance.now();
          await pool.evaluate({ scene: SCENE, code: program(i), views: VIEWS, settings });
          if (i >= 2) walls[name].push(performance.now() - t); // the first two warm up
        }
      }
      const [inside, outside] = [median(walls.bwrap), median(walls.off)];
      console.log(
        `warm worker.evaluate WORKBENCH in bwrap ${ms(inside)} vs --sandbox off ${ms(outside)}, taking turns: ` +
          `the sandbox costs ${ms(inside - outside)} per evaluate   [target < 10 ms]`,
      );
    });
  });
}

function processPerCandidate(engine: Engine): number {
  const blender = findBlender();
  const dir = mkdtempSync(path.join(tmpdir(), "bench-ppc-"));
  const script = fileURLToPath(new URL("process_per_candidate.py", import.meta.url));
  const walls: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const programPath = path.join(dir, `program-${i}.py`);
      writeFileSync(programPath, program(i));
      const t = performance.now();
      const run = spawnSync(blender, [
        "-b",
        "--factory-startup",
        "-noaudio",
        "--python-exit-code",
        "1",
        "--python",
        script,
        "--",
        SCENE_PATH,
        programPath,
        dir,
        engine,
        String(SIZE),
      ]);
      walls.push(performance.now() - t);
      if (run.status !== 0)
        throw new Error(`process-per-candidate run failed:\n${run.stderr.toString()}${run.stdout.toString()}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return median(walls);
}

async function main() {
  console.log(`perf:bridge — ${RUNS} runs per figure, ${SIZE}x${SIZE}, two views (Camera1, Camera2)`);
  // The warm worker is measured first and closed before the baseline, so they never share the CPU.
  const wb = await withLocalPool({ size: 1 }, async (pool) => {
    console.log(
      `workers run ${pool.sandboxed ? "in the bwrap sandbox" : "without a sandbox"}, ${pool.memoryLimitMb()} MiB cap`,
    );
    const rt = await roundTrip(pool);
    console.log(`no-op round trip (${PINGS} pings): p50 ${ms(rt.p50)}, p99 ${ms(rt.p99)}   [target p50 < 2 ms]`);
    const workbench = await warmEvaluate(pool, "WORKBENCH");
    console.log(
      `warm worker.evaluate WORKBENCH: median ${ms(workbench.wall)}, ` +
        `overhead beyond rendering ${ms(workbench.overhead)}   [target < 50 ms]`,
    );
    const ee = await warmEvaluate(pool, "EEVEE");
    console.log(
      `warm worker.evaluate EEVEE (16 samples): median ${ms(ee.wall)}, overhead beyond rendering ${ms(ee.overhead)}`,
    );
    return workbench;
  });
  await sandboxCost();
  const ppc = processPerCandidate("WORKBENCH");
  console.log(`process per candidate (fresh blender -b) WORKBENCH: median ${ms(ppc)}`);
  const ratio = ppc / wb.wall;
  console.log(`warm worker vs process per candidate, WORKBENCH: ${ratio.toFixed(1)}x faster   [target >= 5x]`);
  console.log(`speedup ${ratio.toFixed(1)}x`);
}

main().catch((err: Error) => {
  console.error(`perf:bridge failed: ${err.message}`);
  process.exit(1);
});
