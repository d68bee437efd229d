/**
 * An episode as the page shows it, built from its record's typed events alone (the
 * schema is sidecar/src/agent/record/events.ts): the same function reads a running
 * episode's events as they arrive and a recorded one's for replay. Pure: no DOM.
 */

/**
 * @typedef {{ id: string, hash: string | null, program: string | null, notes: Record<string, unknown>,
 *   rejected?: string, score?: number, unchanged?: boolean, ok?: boolean, error?: string,
 *   wins: number, played: number }} Draft
 * @typedef {{ iteration: number, style: string, incumbentHash: string, incumbentProgram: string,
 *   drafts: Draft[], matches: any[], ended?: any }} Iteration
 */

export function buildModel(/** @type {any[]} */ events) {
  const model = {
    label: "",
    /** @type {any} */ config: {},
    instruction: /** @type {string | undefined} */ (undefined),
    views: /** @type {string[]} */ ([]),
    goalImages: /** @type {string[]} */ ([]),
    generator: "",
    verifier: "",
    startProgram: "",
    startHash: "",
    /** @type {number | undefined} */ startScore: undefined,
    /** @type {Map<string, { ok: boolean, images: string[], error?: string }>} */ renders: new Map(),
    /** @type {Map<string, string>} program text by hash */ programs: new Map(),
    /** @type {Iteration[]} index = iteration number (0 unused) */ iterations: [],
    /** @type {any} */ end: undefined,
    /** @type {string | undefined} */ error: undefined,
    usage: /** @type {any} */ (undefined),
    queries: { generation: 0, verification: 0 },
  };
  for (const e of events) applyEvent(model, e);
  return model;
}

/** @typedef {ReturnType<typeof buildModel>} EpisodeModel */

/** Add one event to the model (a live episode's next event, as it arrives). */
export function applyEvent(/** @type {EpisodeModel} */ m, /** @type {any} */ e) {
  switch (e.type) {
    case "episode.started":
      m.label = e.label;
      m.config = e.config;
      m.instruction = e.goal.instruction;
      m.views = e.goal.views;
      m.goalImages = e.goal.images ?? [];
      m.generator = e.generator;
      m.verifier = e.verifier;
      m.startProgram = e.startProgram;
      break;
    case "start.scored":
      m.startHash = e.hash;
      m.startScore = e.score;
      m.programs.set(e.hash, m.startProgram);
      break;
    case "program.rendered":
      m.renders.set(e.hash, { ok: e.ok, images: e.images ?? [], error: e.error });
      break;
    case "iteration.started": {
      // A resumed episode redoes an iteration its crash cut short: the new one replaces it.
      const before = m.iterations[e.iteration - 1]?.ended;
      m.iterations[e.iteration] = {
        iteration: e.iteration,
        style: e.style,
        incumbentHash: e.incumbent,
        incumbentProgram: m.programs.get(e.incumbent) ?? before?.program ?? m.startProgram,
        drafts: [],
        matches: [],
      };
      m.iterations.length = e.iteration + 1;
      m.end = undefined;
      break;
    }
    case "draft": {
      const it = m.iterations[e.iteration];
      if (e.hash && e.program) m.programs.set(e.hash, e.program);
      it?.drafts.push({ id: e.id, hash: e.hash, program: e.program, notes: e.notes, wins: 0, played: 0 });
      break;
    }
    case "draft.scored":
    case "draft.dropped": {
      const draft = m.iterations[e.iteration]?.drafts.find((d) => d.id === e.id);
      if (!draft) break;
      if (e.type === "draft.dropped") Object.assign(draft, { ok: false, error: e.error });
      else Object.assign(draft, { ok: true, score: e.score, unchanged: e.unchanged });
      break;
    }
    case "verify.match": {
      const it = m.iterations[e.iteration];
      if (!it) break;
      it.matches.push(e);
      for (const d of it.drafts) {
        if (d.id === e.left || d.id === e.right) d.played += 1;
        if (d.id === e.winner) d.wins += 1;
      }
      break;
    }
    case "iteration.ended": {
      const it = m.iterations[e.iteration];
      if (!it) break;
      it.ended = e;
      m.programs.set(e.hash, e.program);
      for (const result of e.drafts) {
        const draft = it.drafts.find((d) => d.id === result.id);
        if (draft) Object.assign(draft, { ok: result.ok, error: result.error ?? draft.error });
      }
      m.queries = e.queries;
      if (e.usage) m.usage = e.usage;
      break;
    }
    case "episode.failed":
      m.error = e.error;
      break;
    case "episode.ended":
      m.end = e;
      m.queries = e.queries;
      if (e.usage) m.usage = e.usage;
      break;
  }
}

/** The last iteration that has ended (0: none yet). */
export function lastEnded(/** @type {EpisodeModel} */ m) {
  for (let i = m.iterations.length - 1; i > 0; i--) if (m.iterations[i]?.ended) return i;
  return 0;
}

/** The incumbent after iteration `k` (0: the start): its hash, program and score. */
export function incumbentAfter(/** @type {EpisodeModel} */ m, /** @type {number} */ k) {
  for (let i = k; i > 0; i--) {
    const ended = m.iterations[i]?.ended;
    if (ended) return { hash: ended.hash, program: ended.program, score: ended.score };
  }
  return { hash: m.startHash, program: m.startProgram, score: m.startScore };
}

/** The score after each ended iteration, from the start's (iteration 0). */
export function scoreCurve(/** @type {EpisodeModel} */ m) {
  const points = m.startScore === undefined ? [] : [{ iteration: 0, score: m.startScore }];
  for (const it of m.iterations)
    if (it?.ended && it.ended.score !== undefined) points.push({ iteration: it.iteration, score: it.ended.score });
  return points;
}

/** The one line that says what an iteration decided. */
export function decision(/** @type {Iteration} */ it) {
  const e = it.ended;
  if (!e) return `under way: ${it.drafts.length} draft${it.drafts.length === 1 ? "" : "s"} so far`;
  if (e.rejected) return `you rejected ${e.rejected}: the scene stayed as it was`;
  if (e.winner === "incumbent") return "no draft beat the incumbent: kept";
  return `${e.winner} won${e.tieBreak ? ` (tie broken: ${e.tieBreak})` : ""}`;
}
