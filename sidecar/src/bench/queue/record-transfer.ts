import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import type { Redis } from "ioredis";
import { EVENTS_FILE } from "../../agent/record/episode-record.js";
import { BENCH_QUEUE } from "./bench-job.js";

/**
 * An episode record travels from the worker that plays it to the coordinator's --out
 * through Redis, as it is written: the events as one string that grows by APPEND (the
 * file only ever grows), the images as the fields of one hash. Each attempt at a job has
 * its own keys, so a worker that lost its job but still runs (a network partition) can
 * never interleave its writes with the one that took the job over.
 */
function keys(jobId: string, attempt: number) {
  const base = `${BENCH_QUEUE}:record:${jobId}:${attempt}`;
  return { events: `${base}:events`, images: `${base}:images` };
}

const IMAGES = "images";
/** Image names as EpisodeRecord writes them: a record from elsewhere may name nothing else. */
const IMAGE_NAME = /^[A-Za-z0-9._-]+\.png$/;
/** Images per HSET: a checkpoint's fields go in batches of about this many bytes. */
const BATCH_BYTES = 4 << 20;

/** Sends a record's new parts each time `push` is called; pushes run one after another. */
export class RecordUploader {
  private eventsSent = 0;
  private readonly imagesSent = new Set<string>();
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly jobId: string,
    private readonly attempt: number,
    private readonly dir: string,
  ) {}

  /** Send what was written since the last push: the images first, so every event sent can find its images. */
  push(): Promise<void> {
    this.last = this.last.then(() => this.send());
    return this.last;
  }

  private async send(): Promise<void> {
    const k = keys(this.jobId, this.attempt);
    // Read the events before listing the images, in one synchronous step: an image is
    // written before the event that cites it, so every event read has its image listed.
    const events = readFrom(path.join(this.dir, EVENTS_FILE), this.eventsSent);
    const imageDir = path.join(this.dir, IMAGES);
    const fresh = existsSync(imageDir)
      ? readdirSync(imageDir).filter((n) => IMAGE_NAME.test(n) && !this.imagesSent.has(n))
      : [];
    let batch: [string, Buffer][] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length) await this.redis.hset(k.images, Object.fromEntries(batch));
      for (const [name] of batch) this.imagesSent.add(name);
      batch = [];
      bytes = 0;
    };
    for (const name of fresh) {
      const png = readFileSync(path.join(imageDir, name));
      batch.push([name, png]);
      bytes += png.length;
      if (bytes >= BATCH_BYTES) await flush();
    }
    await flush();
    if (events.length) await this.redis.append(k.events, events);
    this.eventsSent += events.length;
  }
}

/** The bytes of a file from `offset` to its end (none if it does not exist): only what grew since. */
function readFrom(file: string, offset: number): Buffer {
  if (!existsSync(file)) return Buffer.alloc(0);
  const grown = Buffer.alloc(Math.max(0, statSync(file).size - offset));
  const fd = openSync(file, "r");
  try {
    readSync(fd, grown, 0, grown.length, offset);
  } finally {
    closeSync(fd);
  }
  return grown;
}

/**
 * Write the record an attempt sent into `dir`; false when it sent none. Names are checked
 * (Redis is shared with other machines): only events.jsonl and images/NAME.png are written.
 */
export async function downloadRecord(redis: Redis, jobId: string, attempt: number, dir: string): Promise<boolean> {
  const k = keys(jobId, attempt);
  const events = await redis.getBuffer(k.events);
  if (!events?.length) return false;
  const images = await redis.hgetallBuffer(k.images);
  mkdirSync(path.join(dir, IMAGES), { recursive: true });
  for (const [name, png] of Object.entries(images)) {
    if (!IMAGE_NAME.test(name)) throw new Error(`job ${jobId}'s record names an image "${name}": refused`);
    writeFileSync(path.join(dir, IMAGES, name), png);
  }
  writeFileSync(path.join(dir, EVENTS_FILE), events);
  return true;
}

export async function hasRecord(redis: Redis, jobId: string, attempt: number): Promise<boolean> {
  return (await redis.exists(keys(jobId, attempt).events)) === 1;
}

/** The latest record an earlier attempt at the job sent, written into `dir`; its attempt, or undefined. */
export async function downloadLatestRecord(
  redis: Redis,
  jobId: string,
  before: number,
  dir: string,
): Promise<number | undefined> {
  for (let attempt = before - 1; attempt >= 1; attempt--)
    if (await downloadRecord(redis, jobId, attempt, dir)) return attempt;
  return undefined;
}

/** Drop every attempt's record of a job (once the coordinator has it on disk). */
export async function deleteRecords(redis: Redis, jobId: string, attempts: number): Promise<void> {
  const all = Array.from({ length: attempts }, (_, i) => Object.values(keys(jobId, i + 1))).flat();
  if (all.length) await redis.del(...all);
}
