import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, protocolCompatible } from "../../protocol/src/index.js";
import { changedLines, lineDiff, splitChange } from "../../sidecar/page/js/diff.js";
import { buildModel, decision, incumbentAfter, lastEnded, scoreCurve } from "../../sidecar/page/js/episode-model.js";
import { inlineRuns, markdownBlocks } from "../../sidecar/page/js/markdown.js";
// The page's own modules, plain ES modules with no DOM at import: tested here as the browser runs them.
import { PROTOCOL_VERSION as PAGE_PROTOCOL_VERSION } from "../../sidecar/page/js/protocol-version.js";

const t = 1;
const attempt = 1;
const started = {
  type: "episode.started",
  t,
  attempt,
  id: "e",
  label: "demo",
  config: { breadth: 2, depth: 3 },
  startProgram: "A = 1\nB = 2\n",
  goal: { views: ["Camera"], images: ["images/goal-Camera.png"] },
  generator: "offline",
  verifier: "metric",
  meta: {},
};
const iteration = (n: number, incumbent: string, drafts: [string, string][]) => [
  { type: "iteration.started", t, attempt, iteration: n, style: "tune", breadth: drafts.length, incumbent },
  ...drafts.map(([id, program]) => ({
    type: "draft",
    t,
    attempt,
    iteration: n,
    id,
    hash: `${id}${n}`.padEnd(16, "0"),
    program,
    queries: 1,
    notes: {},
  })),
];
const ended = (n: number, winner: string, program: string, hash: string, score: number) => ({
  type: "iteration.ended",
  t,
  attempt,
  iteration: n,
  style: "tune",
  drafts: [],
  winner,
  votes: {},
  score,
  queries: { generation: n * 2, verification: n * 2 },
  ms: 1,
  brackets: 1,
  program,
  hash,
});

describe("the episode page's model of a record", () => {
  const events = [
    started,
    { type: "start.scored", t, attempt, hash: "s".repeat(16), score: 0.5 },
    ...iteration(1, "s".repeat(16), [
      ["d0", "A = 3\nB = 2\n"],
      ["d1", "A = 1\nB = 5\n"],
    ]),
    { type: "draft.scored", t, attempt, iteration: 1, id: "d0", score: 0.2, unchanged: false },
    { type: "draft.dropped", t, attempt, iteration: 1, id: "d1", error: "NameError" },
    {
      type: "verify.match",
      t,
      attempt,
      iteration: 1,
      key: "k",
      bracket: 0,
      round: 0,
      left: "d0",
      right: "incumbent",
      winner: "d0",
      verdict: {},
    },
    ended(1, "d0", "A = 3\nB = 2\n", "d01".padEnd(16, "0"), 0.2),
    // A crash cut iteration 2 short; the resumed attempt redoes it.
    ...iteration(2, "d01".padEnd(16, "0"), [["d0", "A = 9\nB = 2\n"]]),
    { type: "episode.resumed", t, attempt: 2, fromIteration: 1 },
    ...iteration(2, "d01".padEnd(16, "0"), [["d0", "A = 4\nB = 2\n"]]),
  ];
  const m = buildModel(events);

  it("reads the start, the iterations, the drafts' fates and the verifier's matches", () => {
    expect(m.label).toBe("demo");
    expect(m.goalImages).toEqual(["images/goal-Camera.png"]);
    const first = m.iterations[1]!;
    expect(first.drafts.map((d) => [d.id, d.ok, d.score, d.error, d.wins, d.played])).toEqual([
      ["d0", true, 0.2, undefined, 1, 1],
      ["d1", false, undefined, "NameError", 0, 0],
    ]);
    expect(decision(first)).toBe("d0 won");
  });

  it("lets a resumed attempt's iteration replace the one a crash cut short", () => {
    expect(m.iterations).toHaveLength(3);
    expect(m.iterations[2]!.drafts.map((d) => d.program)).toEqual(["A = 4\nB = 2\n"]);
    expect(m.iterations[2]!.incumbentProgram).toBe("A = 3\nB = 2\n");
    expect(decision(m.iterations[2]!)).toBe("under way: 1 draft so far");
  });

  it("knows the incumbent and the score after each iteration", () => {
    expect(lastEnded(m)).toBe(1);
    expect(incumbentAfter(m, 0)).toEqual({ hash: "s".repeat(16), program: started.startProgram, score: 0.5 });
    expect(incumbentAfter(m, 2).program).toBe("A = 3\nB = 2\n");
    expect(scoreCurve(m)).toEqual([
      { iteration: 0, score: 0.5 },
      { iteration: 1, score: 0.2 },
    ]);
  });
});

describe("the episode page's program diff", () => {
  it("lists a changed line as deleted then added, and only the changed lines", () => {
    const diff = lineDiff("a\nb\nc\nd\ne", "a\nB\nc\nd\ne\nf");
    expect(changedLines(diff)).toEqual([
      { op: "del", text: "b" },
      { op: "add", text: "B" },
      null,
      { op: "add", text: "f" },
    ]);
    expect(changedLines(lineDiff("x\ny", "x\ny"))).toEqual([]);
  });

  it("splits a changed line into what both versions share and what differs", () => {
    expect(splitChange("LOC = (0.55, 0.7, 0.76)", "LOC = (0.55, 0.7, 0.95)")).toEqual({
      prefix: "LOC = (0.55, 0.7, 0.",
      before: "76",
      after: "95",
      suffix: ")",
    });
  });
});

it("reads a bench summary's Markdown: headings, paragraphs, tables, bold", () => {
  const md =
    "# Benchmark summary\n\n2 results, 1 configuration(s).\n\n## PL (lower is better)\n\n**selected** (pick)\n\n" +
    "| configuration | placement | overall |\n|---|---|---|\n| offline | 1.2e-3 | 4.0e-4 |\n| model | 0.5 | n/a |\n";
  expect(markdownBlocks(md)).toEqual([
    { type: "heading", level: 1, text: "Benchmark summary" },
    { type: "paragraph", text: "2 results, 1 configuration(s)." },
    { type: "heading", level: 2, text: "PL (lower is better)" },
    { type: "paragraph", text: "**selected** (pick)" },
    {
      type: "table",
      head: ["configuration", "placement", "overall"],
      rows: [
        ["offline", "1.2e-3", "4.0e-4"],
        ["model", "0.5", "n/a"],
      ],
    },
  ]);
  expect(inlineRuns("**selected** (pick)")).toEqual([
    { bold: true, text: "selected" },
    { bold: false, text: " (pick)" },
  ]);
});

it("the page speaks the sidecar's protocol version", () => {
  expect(protocolCompatible(PAGE_PROTOCOL_VERSION, PROTOCOL_VERSION)).toBe(true);
});
