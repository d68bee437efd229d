/**
 * npm run tasks:sheet [-- --category X --task ID --workers N --out DIR --tasks-dir DIR]
 *
 * One contact sheet per category (start | goal for each task's views, a row per task),
 * so a person can see the set at a glance. Written to runs/task-sheets/<category>.png;
 * with --tasks-dir (a task set of its own, laid out as tasks/), to
 * runs/task-sheets/<that folder's name>/<category>.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { z } from "zod";
import { withLocalPool } from "../pool/local-pool.js";
import type { WorkerPool } from "../pool/worker-pool.js";
import { PROJECT_ROOT } from "../project-root.js";
import { escapeXml } from "../svg-text.js";
import { loadTasks, type Task } from "../tasks/task-loader.js";
import { CATEGORIES } from "../tasks/task-schema.js";
import { parseFlags } from "./flags.js";
import { TASK_FLAG_OPTIONS, taskFlagShape, taskSelectionFrom } from "./task-flags.js";

const Flags = z
  .object({
    ...taskFlagShape,
    workers: z.coerce.number().int().min(1).max(16).default(2),
    out: z.string().min(1).optional(),
  })
  .strict();

const TILE = 192;
const LINE = 18;
const LABEL = 3 * LINE + 6;

/** Words wrapped to lines of at most `chars` characters. */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The task's name, then its instruction over at most two lines. */
function label(title: string, instruction: string, width: number): Buffer {
  const chars = Math.floor(width / 7.2);
  const body = wrap(instruction, chars);
  const lines = [title, ...body.slice(0, 2)];
  if (body.length > 2) lines[2] = `${lines[2]!.slice(0, chars - 1)}…`;
  const text = lines
    .map(
      (line, i) =>
        `<text x="8" y="${LINE * (i + 1)}" font-family="sans-serif" font-size="13" ` +
        `fill="${i === 0 ? "#ffffff" : "#c8c8cc"}">${escapeXml(line)}</text>`,
    )
    .join("");
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${LABEL}">` +
      `<rect width="100%" height="100%" fill="#202024"/>${text}</svg>`,
  );
}

/** One row: the task's label over start and goal tiles for every view. */
async function row(pool: WorkerPool, task: Task): Promise<{ png: Buffer; width: number; height: number }> {
  const views = task.spec.views.map((camera) => ({ camera }));
  const render = (code: string) => pool.evaluate({ scene: task.scene, code, views, settings: task.spec.render });
  const [start, goal] = [await render(task.start), await render(task.goal)];
  const tiles = [...start.images, ...goal.images].map((img) =>
    sharp(Buffer.from(img.png, "base64")).resize(TILE, TILE, { fit: "contain" }).png().toBuffer(),
  );
  const width = TILE * tiles.length;
  const height = LABEL + TILE;
  const composites = [
    {
      input: await sharp(
        label(
          `${task.key} (${task.spec.difficulty}) — start: ${task.spec.views.join(", ")} ` +
            `| goal: ${task.spec.views.join(", ")}`,
          task.spec.instruction,
          width,
        ),
      )
        .png()
        .toBuffer(),
      left: 0,
      top: 0,
    },
    ...(await Promise.all(tiles)).map((input, i) => ({ input, left: i * TILE, top: LABEL })),
  ];
  const png = await sharp({ create: { width, height, channels: 3, background: "#101012" } })
    .composite(composites)
    .png()
    .toBuffer();
  return { png, width, height };
}

async function main() {
  const options = { ...TASK_FLAG_OPTIONS, workers: { type: "string" }, out: { type: "string" } } as const;
  const flags = parseFlags(process.argv.slice(2), options, Flags);
  const { tasks, errors } = loadTasks(taskSelectionFrom(flags));
  for (const e of errors) console.log(`skipping ${e.key}: ${e.error}`);
  const sheets = path.join(PROJECT_ROOT, "runs", "task-sheets");
  const outDir =
    flags.out ?? (flags["tasks-dir"] ? path.join(sheets, path.basename(path.resolve(flags["tasks-dir"]))) : sheets);
  mkdirSync(outDir, { recursive: true });
  await withLocalPool({ size: flags.workers }, async (pool) => {
    for (const category of CATEGORIES) {
      const mine = tasks.filter((t) => t.spec.category === category);
      if (mine.length === 0) continue;
      const rows = await Promise.all(mine.map((t) => row(pool, t)));
      const width = Math.max(...rows.map((r) => r.width));
      const height = rows.reduce((h, r) => h + r.height, 0);
      let top = 0;
      const composites = rows.map((r) => {
        const c = { input: r.png, left: 0, top };
        top += r.height;
        return c;
      });
      const file = path.join(outDir, `${category}.png`);
      await sharp({ create: { width, height, channels: 3, background: "#101012" } })
        .composite(composites)
        .png()
        .toFile(file);
      console.log(`${category}: ${mine.length} tasks → ${file}`);
    }
  });
}

main().catch((err: Error) => {
  console.error(`tasks:sheet failed: ${err.message}`);
  process.exit(1);
});
