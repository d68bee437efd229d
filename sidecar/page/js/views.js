/** Drawing the episode model into the page: the hero images, the numbers, the curve, the drafts. */
import { changedLines, lineDiff, splitChange } from "./diff.js";
import { decision, incumbentAfter, scoreCurve } from "./episode-model.js";
import { inlineRuns, markdownBlocks } from "./markdown.js";

/** @typedef {import("./episode-model.js").EpisodeModel} EpisodeModel */
/** @typedef {(ref: string) => Promise<string>} ImageUrl  a blob: URL for a record's image */

/** Create an element: h("div", { class: "x" }, child, "text"). */
export function h(
  /** @type {string} */ tag,
  /** @type {Record<string, any>} */ attrs = {},
  /** @type {any[]} */ ...children
) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** PL and other metrics are small numbers: three significant digits, exponent form. */
export function formatScore(/** @type {number | undefined | null} */ s) {
  return s === undefined || s === null ? "–" : s.toExponential(2);
}

/** An <img> whose source arrives when the image has been fetched. */
function image(/** @type {string} */ ref, /** @type {ImageUrl} */ url, /** @type {string} */ alt) {
  const img = /** @type {HTMLImageElement} */ (h("img", { alt }));
  url(ref).then(
    (src) => {
      img.src = src;
    },
    () => img.replaceWith(h("span", { class: "muted" }, `(${alt}: not available)`)),
  );
  return img;
}

/** Put images (one per view) in a frame, or the instruction when there is no image. */
export function fillFrame(
  /** @type {HTMLElement} */ frame,
  /** @type {string[]} */ refs,
  /** @type {ImageUrl} */ url,
  /** @type {string[]} */ views,
  /** @type {string | undefined} */ text,
) {
  const key = refs.join("|") + (text ?? "");
  if (frame.dataset.key === key) return;
  frame.dataset.key = key;
  frame.replaceChildren(
    ...(refs.length
      ? refs.map((r, i) => image(r, url, views[i] ?? `view ${i + 1}`))
      : [h("div", { class: "instruction" }, text ?? "")]),
  );
}

/** The score against the goal: start → at the cursor, and how much of the gap is closed. */
export function scoreBlock(/** @type {EpisodeModel} */ m, /** @type {number} */ k) {
  const now = incumbentAfter(m, k).score;
  const start = m.startScore;
  if (start === undefined) return h("div", {}, h("small", {}, "no goal image: the verifier judges by the instruction"));
  const closed = now !== undefined && start > 0 ? `${Math.round((1 - now / start) * 100)}% of the start's PL gone` : "";
  return h(
    "div",
    {},
    `PL ${formatScore(start)} → ${formatScore(now)}`,
    h("small", {}, closed || "PL: lower is better"),
  );
}

/** The score curve over iterations as SVG, with the cursor's iteration marked. */
export function curve(/** @type {EpisodeModel} */ m, /** @type {number} */ k) {
  const points = scoreCurve(m);
  const W = 400;
  const H = 200;
  const pad = { l: 70, r: 10, t: 12, b: 30 };
  const svg = (
    /** @type {string} */ tag,
    /** @type {Record<string, any>} */ a = {},
    /** @type {string} */ text = "",
  ) => {
    const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, v] of Object.entries(a)) el.setAttribute(key, String(v));
    if (text) el.textContent = text;
    return el;
  };
  const root = svg("svg", {
    viewBox: `0 0 ${W} ${H}`,

    role: "img",
    "aria-label": "PL over iterations",
  });
  const depth = Math.max(1, m.config.depth ?? 1);
  const ys = points.map((p) => p.score);
  const lo = Math.min(...ys, Number.POSITIVE_INFINITY);
  const hi = Math.max(...ys, Number.NEGATIVE_INFINITY);
  const span = hi > lo ? hi - lo : Math.abs(hi) || 1;
  const x = (/** @type {number} */ i) => pad.l + (i / depth) * (W - pad.l - pad.r);
  const y = (/** @type {number} */ v) => pad.t + (1 - (v - (lo - span * 0.05)) / (span * 1.1)) * (H - pad.t - pad.b);
  root.append(
    svg("rect", {
      x: pad.l,
      y: pad.t,
      width: W - pad.l - pad.r,
      height: H - pad.t - pad.b,
      fill: "#121418",
      stroke: "#30343c",
    }),
  );
  if (points.length) {
    for (const v of [hi, lo])
      root.append(
        svg(
          "text",
          { x: pad.l - 6, y: y(v) + 4, "text-anchor": "end", fill: "#9aa1ab", "font-size": 14 },
          formatScore(v),
        ),
      );
    root.append(
      svg("polyline", {
        points: points.map((p) => `${x(p.iteration)},${y(p.score)}`).join(" "),
        fill: "none",
        stroke: "#4f9cf9",
        "stroke-width": 2,
        "vector-effect": "non-scaling-stroke",
      }),
    );
    for (const p of points)
      root.append(
        svg("circle", {
          cx: x(p.iteration),
          cy: y(p.score),
          r: p.iteration === k ? 4.5 : 2.5,
          fill: p.iteration === k ? "#e7b54a" : "#4f9cf9",
        }),
      );
  }
  root.append(
    svg("line", { x1: x(k), x2: x(k), y1: pad.t, y2: H - pad.b, stroke: "#e7b54a", "stroke-dasharray": "3 3" }),
  );
  root.append(svg("text", { x: pad.l, y: H - 8, fill: "#9aa1ab", "font-size": 14 }, "0"));
  root.append(
    svg(
      "text",
      { x: W - pad.r, y: H - 8, "text-anchor": "end", fill: "#9aa1ab", "font-size": 14 },
      `iteration ${depth}`,
    ),
  );
  root.append(
    svg(
      "text",
      { x: (W + pad.l) / 2, y: H - 8, "text-anchor": "middle", fill: "#9aa1ab", "font-size": 14 },
      "PL (lower is better)",
    ),
  );
  return root;
}

/** Queries, tokens, cost and the agent, as a definition list's rows. */
export function stats(/** @type {EpisodeModel} */ m) {
  const q = m.queries;
  const rows = [
    ["Agent", `${m.generator} generator, ${m.verifier} verifier`],
    ["Drafts", `${m.config.breadth ?? "?"} per iteration, ${m.config.depth ?? "?"} iterations`],
    ["Queries", `${q.generation} generation, ${q.verification} verification`],
  ];
  if (m.usage) {
    rows.push(["Tokens", `${m.usage.inputTokens.toLocaleString()} in, ${m.usage.outputTokens.toLocaleString()} out`]);
    rows.push(["Cost", m.usage.costUsd === null ? "unknown (a price was missing)" : `$${m.usage.costUsd.toFixed(4)}`]);
  }
  if (m.error) rows.push(["Error", m.error]);
  return rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]);
}

/** What the brainstormer said, or the offline generator's move, in one short text. */
function noteOf(/** @type {Record<string, unknown>} */ notes) {
  const moves = /** @type {any[] | undefined} */ (notes.moves);
  if (Array.isArray(moves) && moves.length)
    return `${notes.reason ?? "move"}: ${moves.map((mv) => `${mv.key} ${short(mv.from)} → ${short(mv.to)}`).join(", ")}`;
  for (const key of ["note", "idea", "plan", "reason"])
    if (typeof notes[key] === "string") return /** @type {string} */ (notes[key]);
  const text = JSON.stringify(notes);
  return text === "{}" ? "" : text;
}

/** A number without float noise (0.5700000000000001 → 0.57); anything else as it is. */
function short(/** @type {unknown} */ v) {
  return typeof v === "number" ? String(Number(v.toPrecision(6))) : String(v);
}

/** The draft's program against the incumbent: changed lines only, the differing part marked. */
function diffView(/** @type {string} */ before, /** @type {string | null} */ after) {
  if (after === null) return h("div", { class: "diff" }, h("div", { class: "gap" }, "(no program)"));
  const lines = changedLines(lineDiff(before, after));
  if (!lines.length) return h("div", { class: "diff" }, h("div", { class: "gap" }, "(same program as the incumbent)"));
  const rows = [];
  for (let i = 0; i < lines.length; i++) {
    const d = lines[i];
    if (d === null) {
      rows.push(h("div", { class: "gap" }, "⋯"));
      continue;
    }
    const next = lines[i + 1];
    if (d.op === "del" && next && next.op === "add") {
      const s = splitChange(d.text, next.text);
      const prefix = clip(s.prefix);
      rows.push(h("div", { class: "del" }, `- ${prefix}`, h("mark", {}, s.before), s.suffix));
      rows.push(h("div", { class: "add" }, `+ ${prefix}`, h("mark", {}, s.after), s.suffix));
      i++;
    } else rows.push(h("div", { class: d.op }, `${d.op === "add" ? "+" : "-"} ${d.text}`));
  }
  return h("div", { class: "diff" }, rows);
}

/** A long unchanged start of a line, cut to its name and the last few characters before the change. */
function clip(/** @type {string} */ prefix) {
  if (prefix.length <= 28) return prefix;
  const name = /^\s*[\w.[\]"']+\s*=\s*/.exec(prefix)?.[0] ?? "";
  return `${name}…${prefix.slice(-Math.max(8, 24 - name.length))}`;
}

/** One card per draft of the iteration: render, note, diff, error, verifier's record, winner marked. */
export function draftCards(
  /** @type {EpisodeModel} */ m,
  /** @type {import("./episode-model.js").Iteration} */ it,
  /** @type {ImageUrl} */ url,
) {
  const ended = it.ended;
  return it.drafts.map((d) => {
    const won = ended?.winner === d.id;
    const rejected = ended?.rejected === d.id;
    const render = d.hash ? m.renders.get(d.hash) : undefined;
    const votes = ended?.votes?.[d.id];
    const facts = [
      d.score !== undefined ? `PL ${formatScore(d.score)}` : d.ok === false ? "failed" : "rendering…",
      d.played ? `won ${d.wins} of ${d.played} matches` : "",
      votes ? `${votes} vote${votes === 1 ? "" : "s"}` : "",
      d.unchanged ? "renders the same" : "",
    ].filter(Boolean);
    return h(
      "article",
      { class: `draft${won ? " winner" : ""}${rejected ? " rejected" : ""}${d.ok === false ? " failed" : ""}` },
      h(
        "header",
        {},
        h("b", {}, d.id),
        won
          ? h("span", { class: "badge" }, "winner")
          : rejected
            ? h("span", { class: "badge" }, "rejected by you")
            : null,
      ),
      h(
        "div",
        { class: "thumb" },
        render?.images[0]
          ? image(render.images[0], url, `${d.id} render`)
          : h("span", { class: "muted" }, render && !render.ok ? "no render" : "…"),
      ),
      h("div", { class: "facts" }, facts.join(" · ")),
      noteOf(d.notes) ? h("div", { class: "note", title: noteOf(d.notes) }, noteOf(d.notes)) : null,
      d.error ? h("div", { class: "error" }, d.error) : null,
      diffView(it.incumbentProgram, d.program),
    );
  });
}

/** The iteration line: which one, its style, what it decided. */
export function iterationLine(
  /** @type {import("./episode-model.js").Iteration | undefined} */ it,
  /** @type {number} */ depth,
) {
  if (!it) return { title: "Start", text: "the scene before the first iteration" };
  return { title: `Iteration ${it.iteration} of ${depth} · ${it.style}`, text: decision(it) };
}

/** PNG bytes sent as base64, as a Blob for an object URL. */
export function pngBlob(/** @type {string} */ base64) {
  return new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: "image/png" });
}

/** A line of the left-hand lists: an episode (status, iteration, PL, start) or a bench folder. */
export function listItem(/** @type {any} */ e, /** @type {boolean} */ open, /** @type {() => void} */ onOpen) {
  const meta = e.episodeId
    ? [
        h(
          "span",
          { class: "meta" },
          h("span", {}, e.status || "no end"),
          h("span", {}, `iteration ${e.iterations}/${e.depth}`),
          h("span", {}, `PL ${formatScore(e.score ?? e.startScore)}`),
        ),
        h("span", { class: "meta" }, e.path ?? new Date(e.startedAt).toLocaleString()),
      ]
    : [];
  const id = e.episodeId ?? e.benchId;
  const li = h(
    "li",
    { class: open ? "open" : "", tabindex: 0, "data-id": id, title: e.path ?? id },
    h("span", { class: `name${e.running ? " live-dot" : ""}` }, e.label),
    ...meta,
  );
  li.addEventListener("click", onOpen);
  li.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") onOpen();
  });
  return li;
}

/** Markdown blocks as elements; text stays text. */
function markdownView(/** @type {string} */ text) {
  const inline = (/** @type {string} */ t) => inlineRuns(t).map((r) => (r.bold ? h("b", {}, r.text) : r.text));
  return markdownBlocks(text).map((b) => {
    if (b.type === "heading") return h(`h${Math.min(6, b.level + 2)}`, {}, inline(b.text));
    if (b.type === "paragraph") return h("p", {}, inline(b.text));
    return h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          b.head.map((c) => h("th", {}, inline(c))),
        ),
      ),
      h(
        "tbody",
        {},
        b.rows.map((r) =>
          h(
            "tr",
            {},
            r.map((c) => h("td", {}, inline(c))),
          ),
        ),
      ),
    );
  });
}

/** A bench folder: the scaling plot, the summary tables, the episodes to replay. */
/** @returns {HTMLElement[]} */
export function benchView(
  /** @type {any} */ bench,
  /** @type {string | undefined} */ scalingUrl,
  /** @type {(id: string) => void} */ open,
) {
  const episodes = h(
    "ol",
    { class: "items bench-episodes" },
    bench.episodes.map((/** @type {any} */ e) => listItem(e, false, () => open(e.episodeId))),
  );
  // A few episodes show at once; a scaling study's many fold away under their heading.
  const list = h(
    "details",
    { open: bench.episodes.length <= 12 },
    h("summary", {}, `Episodes (${bench.episodes.length}): open one to replay it`),
    episodes,
  );
  return [
    scalingUrl ? h("img", { class: "scaling", src: scalingUrl, alt: "scaling plot" }) : null,
    list,
    bench.summary
      ? h("div", { class: "summary" }, markdownView(bench.summary))
      : h("p", { class: "muted" }, "No summary.md yet."),
    bench.unreadable.length
      ? h(
          "p",
          { class: "muted" },
          `Unreadable: ${bench.unreadable.map((/** @type {any} */ u) => `${u.episodeId} (${u.error})`).join("; ")}`,
        )
      : null,
  ].filter((el) => el !== null);
}
