import { type Candidate, type Goal, INCUMBENT } from "../candidate.js";
import { EpisodeConfig } from "../episode-config.js";
import type { EpisodeInput, EpisodeProgress } from "../episode.js";
import { EpisodeRecord, type RecordedEvent, readEvents } from "./episode-record.js";
import { programHash } from "./recording.js";

/** An episode as its record tells it: inputs, how far it got, whether it ended. */
export interface RecordedEpisode {
  dir: string;
  events: RecordedEvent[];
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
  const started = only(events.find((e) => e.type === "episode.started"), "episode.started line", dir);
  const g = started.goal as { instruction?: string; views: string[]; images?: string[] };
  const goal: Goal = { instruction: g.instruction, views: g.views, images: g.images?.map((ref) => record.readImage(ref)) };
  const input: EpisodeInput = {
    label: started.label as string,
    startProgram: started.startProgram as string,
    goal,
    config: EpisodeConfig.parse(started.config),
    meta: started.meta as Record<string, unknown>,
  };

  const renders = new Map<string, RecordedEvent>();
  for (const e of events) if (e.type === "program.rendered" && e.ok) renders.set(e.hash as string, e);
  const rendersOf = (program: string): Buffer[] => {
    const e = only(renders.get(programHash(program)), `render of program ${programHash(program)}`, dir);
    return (e.images as string[]).map((ref) => record.readImage(ref));
  };
  const candidate = (program: string): Candidate => ({ id: INCUMBENT, program, pngs: rendersOf(program) });

  const ends = events.filter((e) => e.type === "iteration.ended");
  const last = ends.at(-1);
  const start = candidate(input.startProgram);
  const progress: EpisodeProgress = last
    ? {
        iteration: last.iteration as number,
        start,
        incumbent: candidate(last.program as string),
        queries: last.queries as EpisodeProgress["queries"],
        best: last.best as EpisodeProgress["best"],
        generatorState: last.generatorState,
      }
    : { iteration: 0, start, incumbent: start, queries: { generation: 0, verification: 0 } };
  const startScore = events.find((e) => e.type === "start.scored")?.score as number | undefined;
  if (!last && startScore !== undefined) progress.best = { score: startScore, program: input.startProgram };

  return {
    dir,
    events,
    input,
    generator: started.generator as string,
    verifier: started.verifier as string,
    progress,
    renders: rendersOf,
    lastAttempt: Math.max(...events.map((e) => e.attempt)),
    endedBecause: events.filter((e) => e.type === "episode.ended").at(-1)?.reason as string | undefined,
    decisions: ends.map((e) => ({ iteration: e.iteration as number, winner: e.winner as string, hash: e.hash as string })),
  };
}
