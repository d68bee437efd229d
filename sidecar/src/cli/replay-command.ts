import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { replayEpisode } from "../agent/episode-setup.js";
import { formatPL } from "../metrics/photometric.js";
import { recordCommandArgs } from "./record-args.js";
import { progressLine } from "./run-command.js";

export const REPLAY_USAGE = `usage: npm start -- replay DIR [--step]

Replay a recorded episode (runs/<episode-id>) from its record alone: no Blender, no model.
Each iteration is decided again from the recorded renders, replies and the artist's
Accept/Reject, printed as it goes, and checked against the record's own decision.

options:
  --step     pause before each iteration: Enter replays it, "r" replays the rest, "q" stops
  --help     show this help`;

/** `npm start -- replay DIR [--step]`: exits 1 when the replay decides otherwise than the record. */
export async function replayCommand(argv: string[]): Promise<void> {
  const args = recordCommandArgs(
    argv,
    { step: { type: "boolean" } },
    { step: z.boolean().default(false) },
    REPLAY_USAGE,
  );
  if (!args) return;
  const { dir } = args;

  // The replay writes a record of its own; it goes to a scratch folder, removed at the end.
  const scratch = mkdtempSync(path.join(os.tmpdir(), "replay-"));
  try {
    const { episode, recorded } = await replayEpisode(dir, scratch);
    const recordedIterations = recorded.decisions.length;
    const { depth } = episode.input.config;
    const startScore = episode.summary().startScore;
    console.log(`replaying ${path.basename(dir)}: ${episode.input.label}, ${recordedIterations} recorded iteration(s)`);
    const diverged: string[] = [];
    episode.events.on("iteration.ended", (e) => {
      console.log(progressLine(e, depth, startScore));
      const want = recorded.decisions[e.iteration - 1];
      if (want && (want.winner !== e.winner || want.hash !== e.hash))
        diverged.push(`iteration ${e.iteration}: the record chose ${want.winner}, the replay ${e.winner}`);
    });
    const next = args.step ? stepper() : undefined;
    try {
      while (episode.iteration < recordedIterations && diverged.length === 0) {
        if (next && (await next(episode.iteration + 1)) === "stop") break;
        await episode.step();
        if (episode.status === "failed") break;
      }
    } finally {
      next?.close();
    }
    const summary = episode.summary();
    if (summary.error) throw new Error(`the replay failed at iteration ${summary.iterations + 1}: ${summary.error}`);
    if (diverged.length) {
      console.log(`the replay departs from the record: ${diverged.join("; ")}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `replayed ${summary.iterations} of ${recordedIterations} iteration(s): the same decisions as the record; ` +
        `PL ${formatPL(summary.startScore)} -> ${formatPL(summary.finalScore)}`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Between iterations, the user's word: Enter steps, "r" runs the rest, "q" stops. */
function stepper(): ((iteration: number) => Promise<"step" | "stop">) & { close(): void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  let rest = false;
  const ask = async (iteration: number): Promise<"step" | "stop"> => {
    if (rest) return "step";
    const answer = await new Promise<string>((resolve) =>
      rl.question(`[iteration ${iteration}] Enter: step, r: replay the rest, q: stop > `, resolve),
    );
    const word = answer.trim().toLowerCase();
    if (word === "q") return "stop";
    if (word === "r") rest = true;
    return "step";
  };
  return Object.assign(ask, { close: () => rl.close() });
}
