import sharp from "sharp";
import { escapeXml } from "../svg-text.js";

export interface Series {
  label: string;
  points: { x: number; y: number }[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Budgets double from point to point: a log₂ axis spaces them evenly. */
  logX?: boolean;
  width?: number;
  height?: number;
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

function ticks(lo: number, hi: number, n = 5): number[] {
  if (hi === lo) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** A line chart as SVG: one line with markers per series, axes with ticks, a legend. */
export function lineChartSvg(series: Series[], o: ChartOptions): string {
  const W = o.width ?? 720;
  const H = o.height ?? 440;
  const m = { left: 84, right: 170, top: 44, bottom: 56 };
  const all = series.flatMap((s) => s.points);
  const fx = (x: number) => (o.logX ? Math.log2(x) : x);
  const xs = all.map((p) => fx(p.x));
  const ys = all.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const pad = (Math.max(...ys) - Math.min(...ys)) * 0.08 || Math.abs(ys[0] ?? 1) * 0.1 || 1;
  const [y0, y1] = [Math.min(...ys) - pad, Math.max(...ys) + pad];
  const px = (x: number) => m.left + ((fx(x) - x0) / (x1 - x0 || 1)) * (W - m.left - m.right);
  const py = (y: number) => H - m.bottom - ((y - y0) / (y1 - y0)) * (H - m.top - m.bottom);
  const xTicks = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
      `font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${W / 2 - m.right / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(o.title)}</text>`,
    `<line x1="${m.left}" y1="${H - m.bottom}" x2="${W - m.right}" y2="${H - m.bottom}" stroke="black"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${H - m.bottom}" stroke="black"/>`,
  ];
  for (const x of xTicks) {
    out.push(`<line x1="${px(x)}" y1="${H - m.bottom}" x2="${px(x)}" y2="${H - m.bottom + 5}" stroke="black"/>`);
    out.push(`<text x="${px(x)}" y="${H - m.bottom + 19}" text-anchor="middle">${x}</text>`);
  }
  for (const y of ticks(y0, y1)) {
    out.push(`<line x1="${m.left - 5}" y1="${py(y)}" x2="${W - m.right}" y2="${py(y)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 8}" y="${py(y) + 4}" text-anchor="end">${y.toExponential(2)}</text>`);
  }
  out.push(`<text x="${(m.left + W - m.right) / 2}" y="${H - 14}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  out.push(
    `<text transform="translate(18 ${(m.top + H - m.bottom) / 2}) rotate(-90)" ` +
      `text-anchor="middle">${escapeXml(o.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    out.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" ` +
        `points="${pts.map((p) => `${px(p.x)},${py(p.y)}`).join(" ")}"/>`,
    );
    for (const p of pts) out.push(`<circle cx="${px(p.x)}" cy="${py(p.y)}" r="4" fill="${colour}"/>`);
    const ly = m.top + 10 + i * 22;
    out.push(
      `<line x1="${W - m.right + 16}" y1="${ly}" x2="${W - m.right + 40}" y2="${ly}" ` +
        `stroke="${colour}" stroke-width="2"/>`,
    );
    out.push(`<text x="${W - m.right + 46}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

/** The chart as PNG (sharp renders the SVG). */
export function lineChartPng(series: Series[], o: ChartOptions): Promise<Buffer> {
  return sharp(Buffer.from(lineChartSvg(series, o)))
    .png()
    .toBuffer();
}
