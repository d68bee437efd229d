import { type Candidate, type Goal, INCUMBENT } from "../candidate.js";
import type { EpisodeInput, EpisodeProgress } from "../episode.js";
import { EpisodeRecord, readEvents } from "./episode-record.js";
import { type EpisodeEvent, eventsOf } from "./events.js";
import { programHash } from "./recording.js";

/** An episode as its record tells it: inputs, how far it got, whether it ended. */
export interface RecordedEpisode {
  dir: string;
  events: EpisodeEvent[];
  input: EpisodeInput;
  generator: string;
  verifier: string;
  progress: EpisodeProgress;
  lastAttempt: number;
  /** The reason of its episode.ended line, if it has one. */
  endedBecause?: string;
  /** A program's renders (one PNG per view) as the record holds them; throws if it was never rendered. */
  renders(program: string): Buffer[];
  /** The winners of each completed iteration, in order. */
  decisions: { iteration: number; winner: string; hash: string }[];
}

function only<T>(value: T | undefined, what: string, dir: string): T {
  if (value === undefined) throw new Error(`the record in ${dir} has no ${what}: it cannot be resumed or replayed`);
  return value;
}

/** Read an episode's record back into the inputs and progress a resume or a replay needs. */
export function readEpisode(dir: string): RecordedEpisode {
  const events = readEvents(dir);
  const record = EpisodeRecord.reopen(dir, 0);
  const started = only(eventsOf(events, "episode.started")[0], "episode.started line", dir);
  const goal: Goal = {
    instruction: started.goal.instruction,
    views: started.goal.views,
    images: started.goal.images?.map((ref) => record.readImage(ref)),
  };
  const input: EpisodeInput = {
    label: started.label,
    startProgram: started.startProgram,
    goal,
    config: started.config,
    meta: started.meta,
  };

  const renders = new Map<string, string[]>();
  for (const e of eventsOf(events, "program.rendered")) if (e.ok && e.images) renders.set(e.hash, e.images);
  const rendersOf = (program: string): Buffer[] =>
    only(renders.get(programHash(program)), `render of program ${programHash(program)}`, dir).map((ref) =>
      record.readImage(ref),
    );
  const candidate = (program: string): Candidate => ({ id: INCUMBENT, program, pngs: rendersOf(program) });

  const ends = eventsOf(events, "iteration.ended");
  const last = ends.at(-1);
  const start = candidate(input.startProgram);
  const progress: EpisodeProgress = last
    ? {
        iteration: last.iteration,
        start,
        incumbent: candidate(last.program),
        queries: last.queries,
        best: last.best,
        generatorState: last.generatorState,
      }
    : { iteration: 0, start, incumbent: start, queries: { generation: 0, verification: 0 } };
  const startScore = eventsOf(events, "start.scored")[0]?.score;
  if (!last && startScore !== undefined) progress.best = { score: startScore, program: input.startProgram };

  return {
    dir,
    events,
    input,
    generator: started.generator,
    verifier: started.verifier,
    progress,
    renders: rendersOf,
    lastAttempt: Math.max(...events.map((e) => e.attempt)),
    endedBecause: eventsOf(events, "episode.ended").at(-1)?.reason,
    decisions: ends.map((e) => ({ iteration: e.iteration, winner: e.winner, hash: e.hash })),
  };
}
