/**
 * The little Markdown a bench's summary.md is written in (sidecar/src/bench/summary.ts):
 * headings, paragraphs, pipe tables, **bold**. Parsed into blocks for the page to draw as
 * elements (never as HTML: the text is data). Pure: no DOM.
 */

/**
 * @typedef {{ type: "heading", level: number, text: string }
 *   | { type: "paragraph", text: string }
 *   | { type: "table", head: string[], rows: string[][] }} Block
 */

const cells = (/** @type {string} */ line) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());

/** The blocks of a Markdown text, in order. */
export function markdownBlocks(/** @type {string} */ text) {
  /** @type {Block[]} */
  const blocks = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) blocks.push({ type: "heading", level: heading[1]?.length ?? 1, text: heading[2] ?? "" });
    else if (line.trim().startsWith("|")) {
      const head = cells(line);
      const rows = [];
      if (/^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? "")) i++;
      while ((lines[i + 1] ?? "").trim().startsWith("|")) rows.push(cells(lines[++i] ?? ""));
      blocks.push({ type: "table", head, rows });
    } else if (line.trim()) {
      const last = blocks[blocks.length - 1];
      if (last?.type === "paragraph" && (lines[i - 1] ?? "").trim()) last.text += ` ${line.trim()}`;
      else blocks.push({ type: "paragraph", text: line.trim() });
    }
  }
  return blocks;
}

/** A line's text split into plain and **bold** runs. */
export function inlineRuns(/** @type {string} */ text) {
  return text
    .split(/(\*\*[^*]+\*\*)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith("**") && part.endsWith("**")
        ? { bold: true, text: part.slice(2, -2) }
        : { bold: false, text: part },
    );
}
