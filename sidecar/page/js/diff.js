/**
 * A program's changes against the incumbent, as the page shows them: the changed lines
 * (longest common subsequence of lines), each old/new pair split into the part they
 * share and the part that differs, for highlighting. Pure: no DOM.
 */

/** @typedef {{ op: "same" | "del" | "add", text: string }} DiffLine */

/** Lines of `a` and `b` as kept, deleted and added, in order. */
export function lineDiff(/** @type {string} */ a, /** @type {string} */ b) {
  const x = a.split("\n");
  const y = b.split("\n");
  // Strip the common head and tail first: edits are usually a few lines of a long program.
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);
  const lcs = Array.from({ length: xs.length + 1 }, () => new Uint32Array(ys.length + 1));
  for (let i = xs.length - 1; i >= 0; i--)
    for (let j = ys.length - 1; j >= 0; j--)
      lcs[i][j] = xs[i] === ys[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  /** @type {DiffLine[]} */
  const out = x.slice(0, head).map((text) => ({ op: "same", text }));
  let i = 0;
  let j = 0;
  while (i < xs.length || j < ys.length) {
    if (i < xs.length && j < ys.length && xs[i] === ys[j]) {
      out.push({ op: "same", text: xs[i++] });
      j++;
    } else if (i < xs.length && (j === ys.length || lcs[i + 1][j] >= lcs[i][j + 1]))
      out.push({ op: "del", text: xs[i++] });
    else out.push({ op: "add", text: ys[j++] });
  }
  for (const text of x.slice(x.length - tail)) out.push({ op: "same", text });
  return out;
}

/** Only the changed lines, with `context` unchanged lines around each run; gaps become null. */
export function changedLines(/** @type {DiffLine[]} */ diff, context = 0) {
  const keep = diff.map((d) => d.op !== "same");
  const shown = diff.map((_, i) => keep.slice(Math.max(0, i - context), i + context + 1).some(Boolean));
  /** @type {(DiffLine | null)[]} */
  const out = [];
  diff.forEach((d, i) => {
    if (shown[i]) out.push(d);
    else if (out.length && out[out.length - 1] !== null) out.push(null);
  });
  if (out[out.length - 1] === null) out.pop();
  return out;
}

/** What two versions of a line share at each end, and what differs between. */
export function splitChange(/** @type {string} */ before, /** @type {string} */ after) {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s])
    s++;
  return {
    prefix: before.slice(0, p),
    before: before.slice(p, before.length - s),
    after: after.slice(p, after.length - s),
    suffix: before.slice(before.length - s),
  };
}
