import { existsSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { z } from "zod";
import { readEvents } from "../agent/record/episode-record.js";
import { type EpisodeEvent, type EventOf, eventsOf } from "../agent/record/events.js";
import { lineChartPng } from "../bench/line-chart.js";
import { formatPL } from "../metrics/photometric.js";
import { escapeXml } from "../svg-text.js";
import { recordCommandArgs } from "./record-args.js";

export const SHEET_USAGE = `usage: npm start -- sheet DIR [--out FILE] [--tile PX]

One PNG contact sheet of a recorded episode (runs/<episode-id>), for papers and issues:
the goal, the start, the scene after each iteration (its winner, or "kept"), and the PL
curve. From the record alone: no Blender, no model.

options:
  --out FILE   where to write it (default DIR/sheet.png)
  --tile PX    height of each view's image (default 160)
  --help       show this help`;

/** The sheet's width to fill with cells, the gap between them, and the caption and header heights. */
const COLUMNS_WIDTH = 1900;
const GAP = 10;
const CAPTION = 40;
const HEADER = 64;

interface Cell {
  title: string;
  detail: string;
  images: string[];
  accent?: boolean;
}

/** The cells of a record: goal, start, then the incumbent after each ended iteration. */
export function sheetCells(events: readonly EpisodeEvent[]): Cell[] {
  const started = eventsOf(events, "episode.started")[0];
  if (!started) throw new Error("the record has no episode.started line");
  const renders = new Map<string, string[]>();
  for (const e of eventsOf(events, "program.rendered")) if (e.ok && e.images) renders.set(e.hash, e.images);
  const start = eventsOf(events, "start.scored")[0];
  const cells: Cell[] = [];
  if (started.goal.images?.length) cells.push({ title: "Goal", detail: "", images: started.goal.images, accent: true });
  else cells.push({ title: "Goal (in words)", detail: started.goal.instruction ?? "", images: [] });
  cells.push({
    title: "Start",
    detail: `PL ${formatPL(start?.score)}`,
    images: start ? (renders.get(start.hash) ?? []) : [],
  });
  // The last attempt's line for each iteration (a resumed episode may redo one).
  const ended = new Map<number, EventOf<"iteration.ended">>();
  for (const e of eventsOf(events, "iteration.ended")) ended.set(e.iteration, e);
  for (const e of [...ended.values()].sort((a, b) => a.iteration - b.iteration)) {
    const what = e.rejected ? `${e.rejected} rejected` : e.winner === "incumbent" ? "kept" : `${e.winner} won`;
    cells.push({
      title: `Iteration ${e.iteration}`,
      detail: `${what} · PL ${formatPL(e.score)}`,
      images: renders.get(e.hash) ?? [],
    });
  }
  return cells;
}

function caption(cell: Cell, width: number): Buffer {
  const chars = Math.max(8, Math.floor(width / 7.4));
  const clip = (s: string) => (s.length > chars ? `${s.slice(0, chars - 1)}…` : s);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${CAPTION}">` +
      `<rect width="100%" height="100%" fill="${cell.accent ? "#24344d" : "#202024"}"/>` +
      `<text x="8" y="16" font-family="DejaVu Sans, sans-serif" font-size="13" font-weight="bold" fill="#ffffff">` +
      `${escapeXml(clip(cell.title))}</text>` +
      `<text x="8" y="33" font-family="DejaVu Sans, sans-serif" font-size="12" fill="#c8c8cc">` +
      `${escapeXml(clip(cell.detail))}</text></svg>`,
  );
}

function header(lines: [string, string], width: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEADER}">` +
      `<text x="${GAP}" y="26" font-family="DejaVu Sans, sans-serif" font-size="20" font-weight="bold" ` +
      `fill="#ffffff">` +
      `${escapeXml(lines[0])}</text>` +
      `<text x="${GAP}" y="50" font-family="DejaVu Sans, sans-serif" font-size="14" fill="#c8c8cc">` +
      `${escapeXml(lines[1])}</text></svg>`,
  );
}

/** One cell: its views side by side, each `tile` high, over its caption. */
async function cellPng(dir: string, cell: Cell, views: number, tile: number): Promise<Buffer> {
  const width = tile * views;
  const tiles = await Promise.all(
    Array.from({ length: views }, async (_, i) => {
      const ref = cell.images[i];
      const file = ref && path.join(dir, ref);
      if (!file || !existsSync(file)) return undefined;
      return sharp(file).resize(tile, tile, { fit: "contain", background: "#000000" }).png().toBuffer();
    }),
  );
  return sharp({ create: { width, height: tile + CAPTION, channels: 3, background: "#0f1114" } })
    .composite([
      ...tiles.flatMap((input, i) => (input ? [{ input, left: i * tile, top: 0 }] : [])),
      { input: caption(cell, width), left: 0, top: tile },
    ])
    .png()
    .toBuffer();
}

/** Write the contact sheet of the record in `dir` to `out`; returns its size. */
export async function writeEpisodeSheet(
  dir: string,
  out: string,
  tile = 160,
): Promise<{ width: number; height: number }> {
  const events = readEvents(dir);
  const cells = sheetCells(events); // throws on a record without its episode.started line
  const started = eventsOf(events, "episode.started")[0]!;
  const views = Math.max(1, started.goal.views.length);
  const cellWidth = tile * views;
  const columns = Math.min(cells.length, Math.max(1, Math.floor((COLUMNS_WIDTH - GAP) / (cellWidth + GAP))));
  const width = GAP + columns * (cellWidth + GAP);
  const rows = Math.ceil(cells.length / columns);
  const gridTop = HEADER;
  const gridHeight = rows * (tile + CAPTION + GAP);

  const scored = eventsOf(events, "iteration.ended").filter((e) => e.score !== undefined);
  const startScore = eventsOf(events, "start.scored")[0]?.score;
  const points = [
    ...(startScore === undefined ? [] : [{ x: 0, y: startScore }]),
    ...scored.map((e) => ({ x: e.iteration, y: e.score! })),
  ];
  const chartHeight = points.length > 1 ? 360 : 0;
  const chart =
    chartHeight > 0
      ? await lineChartPng([{ label: "PL", points }], {
          title: "PL of the incumbent against the goal (lower is better)",
          xLabel: "iteration",
          yLabel: "PL",
          width: width - 2 * GAP,
          height: chartHeight,
        })
      : undefined;

  const final = points.at(-1)?.y;
  const gone = startScore && final !== undefined ? ` (${Math.round((1 - final / startScore) * 100)}% gone)` : "";
  const agent = started.meta.agent;
  const title: [string, string] = [
    `${started.label} — ${path.basename(dir)}`,
    `${started.generator} generator${agent.model ? ` (${agent.model})` : ""}, ${started.verifier} verifier · ` +
      `${started.config.breadth} drafts × ${started.config.depth} iterations · ` +
      `PL ${formatPL(startScore)} → ${formatPL(final)}${gone}`,
  ];
  const cellPngs = await Promise.all(cells.map((c) => cellPng(dir, c, views, tile)));
  const height = gridTop + gridHeight + (chart ? chartHeight + GAP : 0);
  await sharp({ create: { width, height, channels: 3, background: "#16181c" } })
    .composite([
      { input: header(title, width), left: 0, top: 0 },
      ...cellPngs.map((input, i) => ({
        input,
        left: GAP + (i % columns) * (cellWidth + GAP),
        top: gridTop + Math.floor(i / columns) * (tile + CAPTION + GAP),
      })),
      ...(chart ? [{ input: chart, left: GAP, top: gridTop + gridHeight }] : []),
    ])
    .png()
    .toFile(out);
  return { width, height };
}

/** `npm start -- sheet DIR [--out FILE] [--tile PX]`. */
export async function sheetCommand(argv: string[]): Promise<void> {
  const args = recordCommandArgs(
    argv,
    { out: { type: "string" }, tile: { type: "string" } },
    { out: z.string().min(1).optional(), tile: z.coerce.number().int().min(48).max(1024).default(160) },
    SHEET_USAGE,
  );
  if (!args) return;
  const out = args.out ?? path.join(args.dir, "sheet.png");
  const size = await writeEpisodeSheet(args.dir, out, args.tile);
  console.log(`wrote ${path.relative(process.cwd(), out) || out} (${size.width}×${size.height})`);
}
