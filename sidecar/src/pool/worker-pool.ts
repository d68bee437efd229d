import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, rm } from "node:fs/promises";
import { availableParallelism, totalmem } from "node:os";
import path from "node:path";
import { z } from "zod";
import type { BlenderMethod, ParamsIn, Result } from "../../../protocol/src/index.js";
import { ErrorCode, SceneSource } from "../../../protocol/src/index.js";
import { BlenderClient, type CallOptions } from "../hub/blender-client.js";
import type { Hub } from "../hub/hub-server.js";
import { markPreviewed } from "../hub/previewed-programs.js";
import { BlenderRpcError } from "../hub/rpc-error.js";
import { logger } from "../log.js";
import { findBlender } from "./blender-binary.js";
import { resolveSandbox, SandboxMode } from "./sandbox.js";
import { WorkerProcess } from "./worker-process.js";

export const PoolOptions = z
  .object({
    size: z.number().int().min(1).max(64).default(2),
    /** Blender executable (default: BLENDER, then `blender` on PATH). */
    blender: z.string().optional(),
    /** A call that takes longer kills its worker, which is replaced. */
    requestTimeoutMs: z.number().int().positive().default(120_000),
    startupTimeoutMs: z.number().int().positive().default(60_000),
    /** How long a call may wait for a free worker before failing with Busy. */
    acquireTimeoutMs: z.number().int().positive().default(600_000),
    pingIntervalMs: z.number().int().positive().default(15_000),
    /** Give up restarting after this many workers in a row fail to start. */
    maxStartFailures: z.number().int().positive().default(3),
    /**
     * Render threads per worker (Cycles, and Mesa's software GL for Workbench and EEVEE).
     * Default: the machine's cores shared out among the workers, so N workers do not fight
     * over the cores one of them would use alone.
     */
    threadsPerWorker: z.number().int().min(1).max(1024).optional(),
    /** Where candidate programs run (see sandbox.ts): bwrap where it works, unless "off". */
    sandbox: SandboxMode.default("auto"),
    /**
     * Address-space cap per worker, in MiB: an allocation past it fails at once with
     * OutOfMemory and the worker is replaced. Default: the machine's memory shared out
     * among the workers, at least 3 GiB (a rendering Blender maps about 1.5 GiB).
     */
    memoryLimitMb: z.number().int().min(1024).optional(),
    /** Worker ids are this and a number: pools sharing a hub need different prefixes. */
    idPrefix: z
      .string()
      .regex(/^[a-z][a-z-]*$/)
      .default("w"),
  })
  .strict();
export type PoolOptions = z.input<typeof PoolOptions>;

export type EvaluateRequest = Omit<ParamsIn<"worker.evaluate">, "sceneId"> & { scene: SceneSource };

const log = logger("pool");

/** Where the workers' time went, summed over all calls since the pool started. */
export interface PoolUsage {
  calls: number;
  /** Time workers spent answering calls, as the sidecar saw it (round trips included). */
  busyMs: number;
  /** Of that, time spent rendering (worker.evaluate's and render.views' own timing). */
  renderMs: number;
  /** Calls that rendered (worker.evaluate, render.views). */
  renders: number;
}

export class PoolWorker {
  client: BlenderClient | undefined;
  /** Scenes this worker has loaded: source hash → sceneId. */
  readonly scenes = new Map<string, string>();
  retired = false;

  constructor(
    readonly id: string,
    readonly process: WorkerProcess,
  ) {}

  get label(): string {
    return `worker ${this.id} (pid ${this.process.pid ?? "?"})`;
  }
}

interface Waiter {
  resolve: (w: PoolWorker) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Headless Blender workers, started and watched by the sidecar. Each call takes a
 * free worker; a worker that times out or dies is killed and replaced, and the
 * call fails with a clear error while the pool goes on serving.
 */
export class WorkerPool {
  private readonly options: z.output<typeof PoolOptions>;
  private readonly blender: string;
  private readonly workers = new Set<PoolWorker>();
  private readonly idle: PoolWorker[] = [];
  private readonly waiters: Waiter[] = [];
  private nextId = 1;
  private startFailures = 0;
  private failure: Error | undefined;
  private closing = false;
  private readonly pinger: NodeJS.Timeout;
  private readonly used: PoolUsage = { calls: 0, busyMs: 0, renderMs: 0, renders: 0 };

  private readonly sandbox: "bwrap" | "off";

  private constructor(
    private readonly hub: Hub,
    options: PoolOptions,
  ) {
    this.options = PoolOptions.parse(options);
    this.blender = findBlender(this.options.blender);
    const { sandbox, warning } = resolveSandbox(this.options.sandbox);
    this.sandbox = sandbox;
    if (warning) log.warn(warning);
    this.pinger = setInterval(() => void this.pingIdle(), this.options.pingIntervalMs).unref();
  }

  /** Start the pool and resolve once every worker is ready (fails if none is). */
  static async start(hub: Hub, options: PoolOptions = {}): Promise<WorkerPool> {
    const pool = new WorkerPool(hub, options);
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: pool.options.size }, () => pool.spawn()));
    const ready = results.filter((r) => r.status === "fulfilled").length;
    if (ready === 0) {
      await pool.close();
      const reason = results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason as Error;
      throw new Error(`no Blender worker could start: ${reason.message}`);
    }
    log.info(
      `${ready}/${pool.options.size} workers ready in ${Date.now() - started} ms ` +
        `(${pool.blender}, sandbox ${pool.sandbox}, ${pool.memoryLimitMb()} MiB each)`,
    );
    return pool;
  }

  /** Whether candidate programs run in the bwrap sandbox. */
  get sandboxed(): boolean {
    return this.sandbox === "bwrap";
  }

  memoryLimitMb(): number {
    return this.options.memoryLimitMb ?? Math.max(3072, Math.floor(totalmem() / 1024 / 1024 / this.options.size));
  }

  get size(): number {
    return this.workers.size;
  }

  get readyCount(): number {
    return [...this.workers].filter((w) => w.client).length;
  }

  /** Start one worker and wait until it has said hello; then it joins the idle set. */
  private async spawn(): Promise<PoolWorker> {
    const id = `${this.options.idPrefix}${this.nextId++}`;
    const threads =
      this.options.threadsPerWorker ?? Math.max(1, Math.floor(availableParallelism() / this.options.size));
    const proc = new WorkerProcess(
      {
        blender: this.blender,
        sandbox: this.sandbox,
        workerId: id,
        key: this.hub.expectWorker(id),
        hub: { socket: this.hub.workerSocket, url: this.hub.url },
        threads,
        memoryLimitBytes: this.memoryLimitMb() * 1024 * 1024,
      },
      log,
    );
    const worker = new PoolWorker(id, proc);
    this.workers.add(worker);
    void proc.exited.then(() => this.onExit(worker));
    try {
      const session = await Promise.race([
        this.hub.waitForSession(
          (s) => s.role === "worker" && s.hello?.workerId === id,
          this.options.startupTimeoutMs,
          `worker ${id} to connect`,
        ),
        proc.exited.then(() => {
          throw new Error(`Blender ${proc.describeExit()} before connecting. Its last output:\n${proc.output()}`);
        }),
      ]);
      worker.client = new BlenderClient(session);
      this.startFailures = 0;
      log.info(`${worker.label} ready`);
      this.release(worker);
      return worker;
    } catch (err) {
      this.hub.forgetWorker(id);
      this.retire(worker);
      this.startFailures += 1;
      if (this.startFailures >= this.options.maxStartFailures) {
        this.failure = new Error(
          `Blender workers keep failing to start (${this.startFailures} in a row): ${(err as Error).message}`,
        );
        log.error(this.failure.message);
        for (const waiter of this.waiters.splice(0)) {
          clearTimeout(waiter.timer);
          waiter.reject(this.failure);
        }
      }
      throw err;
    }
  }

  private onExit(worker: PoolWorker): void {
    if (worker.retired || this.closing) return;
    log.error(
      `${worker.label} ${worker.process.describeExit()} unexpectedly; replacing it. ` +
        `Last output:\n${worker.process.output()}`,
    );
    this.replace(worker);
  }

  private retire(worker: PoolWorker): void {
    worker.retired = true;
    this.workers.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    worker.process.kill();
  }

  private replace(worker: PoolWorker): void {
    this.retire(worker);
    if (this.closing || this.failure) return;
    this.spawn().catch((err: Error) => log.error(`replacement for ${worker.label} failed to start: ${err.message}`));
  }

  private release(worker: PoolWorker): void {
    if (worker.retired || this.closing) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(worker);
    } else {
      this.idle.push(worker);
    }
  }

  private acquire(): Promise<PoolWorker> {
    if (this.closing) return Promise.reject(new BlenderRpcError(ErrorCode.BlenderGone, "the worker pool is closed"));
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.idle.shift();
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(
            new BlenderRpcError(ErrorCode.Busy, `no worker became free within ${this.options.acquireTimeoutMs} ms`),
          );
        }, this.options.acquireTimeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Run `fn` with a worker to itself; the worker returns to the pool afterwards. */
  async withWorker<T>(fn: (worker: PoolWorker) => Promise<T>): Promise<T> {
    const worker = await this.acquire();
    try {
      return await fn(worker);
    } finally {
      this.release(worker);
    }
  }

  /** Call a method on one worker; a timeout or a crash replaces that worker. */
  async callOn<M extends BlenderMethod>(
    worker: PoolWorker,
    method: M,
    params: ParamsIn<M>,
    options: CallOptions = {},
  ): Promise<Result<M>> {
    const client = worker.client;
    if (!client)
      throw new BlenderRpcError(ErrorCode.BlenderGone, `${worker.label} is not connected`, undefined, method);
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    const started = performance.now();
    try {
      const result = await client.call(method, params, { timeoutMs });
      this.count(method, started, result);
      if (method === "worker.evaluate" || method === "program.run") markPreviewed((params as { code: string }).code);
      return result;
    } catch (err) {
      this.count(method, started);
      if (!(err instanceof BlenderRpcError)) throw err;
      if (err.is("Timeout")) {
        log.warn(`${worker.label} did not answer ${method} within ${timeoutMs} ms; killing and replacing it`);
        this.replace(worker);
        throw new BlenderRpcError(
          ErrorCode.Timeout,
          `${method} took longer than ${timeoutMs} ms; ${worker.label} was killed and replaced`,
          err.data,
          method,
        );
      }
      if (err.is("TooLarge") || err.is("OutOfMemory")) {
        this.replace(worker);
        throw new BlenderRpcError(err.code, `${err.message}; the worker was replaced`, err.data, method);
      }
      if (err.is("BlenderGone")) {
        const exit = await Promise.race([worker.process.exited, new Promise((r) => setTimeout(r, 2000))]);
        const how = exit ? worker.process.describeExit() : "lost its connection";
        if (!worker.retired) this.replace(worker);
        const output = { output: worker.process.output() };
        if (worker.process.ranOutOfMemory()) {
          throw new BlenderRpcError(
            ErrorCode.OutOfMemory,
            `${worker.label} ran out of memory during ${method} ` +
              `(capped at ${this.memoryLimitMb()} MiB) and ${how}; it was replaced`,
            output,
            method,
          );
        }
        throw new BlenderRpcError(
          ErrorCode.BlenderGone,
          `${worker.label} ${how} during ${method}; it was replaced`,
          output,
          method,
        );
      }
      throw err;
    }
  }

  private count(method: BlenderMethod, started: number, result?: unknown): void {
    if (method === "session.ping") return; // health checks are not work
    this.used.calls += 1;
    this.used.busyMs += performance.now() - started;
    const renderMs =
      method === "worker.evaluate"
        ? (result as Result<"worker.evaluate"> | undefined)?.timing.renderMs
        : method === "render.views"
          ? (result as Result<"render.views"> | undefined)?.renderMs
          : undefined;
    if (renderMs === undefined) return;
    this.used.renderMs += renderMs;
    this.used.renders += 1;
  }

  /** Where the workers' time went so far. */
  usage(): PoolUsage {
    return { ...this.used };
  }

  /** Call a method on any free worker. */
  call<M extends BlenderMethod>(method: M, params: ParamsIn<M>, options: CallOptions = {}): Promise<Result<M>> {
    return this.withWorker((w) => this.callOn(w, method, params, options));
  }

  /** Make sure `worker` has `scene` loaded (built anew when `fresh`); returns its sceneId there. */
  async ensureScene(
    worker: PoolWorker,
    scene: SceneSource,
    options: CallOptions & { fresh?: boolean } = {},
  ): Promise<string> {
    const key = sceneKey(scene);
    const known = worker.scenes.get(key);
    if (known && !options.fresh) return known;
    const loaded = await this.callOn(worker, "scene.load", { source: await this.reachable(worker, scene) }, options);
    worker.scenes.set(key, loaded.sceneId);
    return loaded.sceneId;
  }

  /** Forget a scene loaded for one use (a snapshot an MCP preview rendered): its copy in the scratch goes. */
  async dropScene(worker: PoolWorker, scene: SceneSource): Promise<void> {
    worker.scenes.delete(sceneKey(scene));
    if ("blendPath" in scene) await rm(this.copyOf(worker, scene), { force: true });
  }

  private copyOf(worker: PoolWorker, scene: SceneSource): string {
    return path.join(worker.process.scratch, `scene-${sceneKey(scene).slice(0, 16)}.blend`);
  }

  /**
   * A .blend the worker can open: a copy in its scratch folder, since a sandboxed worker
   * sees none of the user's files (the artist's snapshot among them).
   */
  private async reachable(worker: PoolWorker, scene: SceneSource): Promise<SceneSource> {
    if (!("blendPath" in scene)) return scene;
    const copy = this.copyOf(worker, scene);
    try {
      await copyFile(scene.blendPath, copy, constants.COPYFILE_FICLONE);
    } catch (err) {
      throw new BlenderRpcError(
        ErrorCode.NotFound,
        `cannot read the scene file ${scene.blendPath}: ${(err as Error).message}`,
        undefined,
        "scene.load",
      );
    }
    return { ...scene, blendPath: copy };
  }

  /** The agent loop's hot path: on a free worker, reset to `scene`, run the program, render. */
  evaluate(request: EvaluateRequest, options: CallOptions = {}): Promise<Result<"worker.evaluate">> {
    const { scene, ...rest } = request;
    return this.onScene(scene, "worker.evaluate", rest, options);
  }

  /** program.analyze on a free worker with `scene` loaded: the program is traced there, each literal's target named. */
  analyze(scene: SceneSource, code: string, options: CallOptions = {}): Promise<Result<"program.analyze">> {
    return this.onScene(scene, "program.analyze", { code }, options);
  }

  /** `method` on a free worker with `scene` loaded, its sceneId added to `params`. */
  private onScene<M extends "worker.evaluate" | "program.analyze">(
    scene: SceneSource,
    method: M,
    params: Omit<ParamsIn<M>, "sceneId">,
    options: CallOptions,
  ): Promise<Result<M>> {
    return this.withWorker(async (w) => {
      const sceneId = await this.ensureScene(w, scene, options);
      return this.callOn(w, method, { ...params, sceneId } as ParamsIn<M>, options);
    });
  }

  private async pingIdle(): Promise<void> {
    for (const worker of this.idle.splice(0)) {
      try {
        await this.callOn(worker, "session.ping", {}, { timeoutMs: 10_000 });
      } catch (err) {
        if (!this.closing) log.warn(`${worker.label} failed its health check: ${(err as Error).message}`);
      } finally {
        this.release(worker);
      }
    }
  }

  /** Stop every worker; none is left running. */
  async close(graceMs = 3000): Promise<void> {
    this.closing = true;
    clearInterval(this.pinger);
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new BlenderRpcError(ErrorCode.BlenderGone, "the worker pool is closing"));
    }
    const workers = [...this.workers];
    for (const w of workers) {
      w.retired = true;
      w.client?.session.close(1001, "worker pool closing");
    }
    await Promise.all(workers.map((w) => w.process.stop(graceMs)));
    this.workers.clear();
    this.idle.length = 0;
  }
}

/** Scene sources already hashed (evaluate runs per candidate); keyed by object, so callers must not mutate a source. */
const sceneKeys = new WeakMap<SceneSource, string>();

function sceneKey(scene: SceneSource): string {
  let key = sceneKeys.get(scene);
  if (key === undefined) {
    key = createHash("sha256")
      .update(JSON.stringify(SceneSource.parse(scene)))
      .digest("hex");
    sceneKeys.set(scene, key);
  }
  return key;
}
