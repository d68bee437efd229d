import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../project-root.js";
import { EpisodeEventStream } from "./event-stream.js";
import { type EpisodeEvent, parseEvent } from "./events.js";

export const RUNS_DIR = path.join(PROJECT_ROOT, "runs");
export const EVENTS_FILE = "events.jsonl";

/**
 * An episode's record, written as things happen: `events.jsonl` (one event per line, the
 * episode's event stream as it was published, appended synchronously so a crash loses at
 * most the line in flight) and `images/*.png` (written to a temporary name, then renamed,
 * so no half PNG is left).
 */
export class EpisodeRecord {
  /** The episode's events: publish here, subscribe here; every one is also written to the record. */
  readonly events: EpisodeEventStream;

  private constructor(
    readonly dir: string,
    readonly attempt: number,
  ) {
    this.events = new EpisodeEventStream(attempt, (event) =>
      appendFileSync(path.join(this.dir, EVENTS_FILE), `${JSON.stringify(event)}\n`),
    );
  }

  static create(dir: string): EpisodeRecord {
    if (existsSync(path.join(dir, EVENTS_FILE)))
      throw new Error(`${dir} already holds an episode; resume it or choose another id`);
    mkdirSync(path.join(dir, "images"), { recursive: true });
    return new EpisodeRecord(dir, 1);
  }

  /** Continue writing an existing record, as the next attempt. */
  static reopen(dir: string, lastAttempt: number): EpisodeRecord {
    return new EpisodeRecord(dir, lastAttempt + 1);
  }

  get id(): string {
    return path.basename(this.dir);
  }

  /** Save a PNG under images/; returns its path relative to the record, as events cite it. */
  image(name: string, png: Buffer): string {
    const rel = path.join("images", `${name}.png`);
    const target = path.join(this.dir, rel);
    if (!existsSync(target)) {
      writeFileSync(`${target}.tmp`, png);
      renameSync(`${target}.tmp`, target);
    }
    return rel;
  }

  readImage(rel: string): Buffer {
    return readFileSync(path.join(this.dir, rel));
  }
}

/**
 * Every event of a record, in order, each checked against its schema: a line that is not
 * an event says which line and why. A torn last line (a crash mid-write) is dropped.
 */
export function readEvents(dir: string): EpisodeEvent[] {
  const file = path.join(dir, EVENTS_FILE);
  if (!existsSync(file)) throw new Error(`no episode record in ${dir} (no ${EVENTS_FILE})`);
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const events: EpisodeEvent[] = [];
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      if (i === lines.length - 1) return;
      throw new Error(`${file} line ${i + 1} is not JSON: ${(err as Error).message}`);
    }
    const parsed = parseEvent(value);
    if (!parsed.ok) throw new Error(`${file} line ${i + 1} is ${parsed.error}`);
    events.push(parsed.event);
  });
  return events;
}

/** A new episode id: sortable by time, readable, unique enough for one machine. */
export function newEpisodeId(label: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  const slug =
    label
      .replace(/[^a-zA-Z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "episode";
  return `${stamp}-${slug}-${Math.random().toString(36).slice(2, 6)}`;
}
