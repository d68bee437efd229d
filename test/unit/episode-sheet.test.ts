import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readEvents } from "../../sidecar/src/agent/record/episode-record.js";
import { eventsOf } from "../../sidecar/src/agent/record/events.js";
import { sheetCells, sheetCommand } from "../../sidecar/src/cli/episode-sheet.js";
import { testOutput } from "../helpers/test-output.js";

const RECORD = path.resolve(import.meta.dirname, "../fixtures/records/v1-blendshape-face-smile");

describe("npm start -- sheet", () => {
  it("has a cell for the goal, the start and each iteration, captioned with the record's decisions", () => {
    const events = readEvents(RECORD);
    const cells = sheetCells(events);
    const ended = eventsOf(events, "iteration.ended");
    expect(cells.map((c) => c.title)).toEqual(["Goal", "Start", ...ended.map((e) => `Iteration ${e.iteration}`)]);
    ended.forEach((e, i) => {
      expect(cells[i + 2]!.detail).toContain(e.winner === "incumbent" ? "kept" : `${e.winner} won`);
      expect(cells[i + 2]!.images).toEqual(eventsOf(events, "program.rendered").find((r) => r.hash === e.hash)?.images);
    });
  });

  it("writes one PNG: the header, a row of views per cell, the PL curve (looked at in test-output/)", async () => {
    const out = path.join(testOutput(), "episode-sheet.png");
    await sheetCommand([RECORD, "--out", out, "--tile", "120"]);
    const { width, height } = await sharp(out).metadata();
    // 5 cells of two 120 px views, 10 px apart; the header, one row of cells, and the chart.
    expect(width).toBe(10 + 5 * (240 + 10));
    expect(height).toBe(64 + (120 + 40 + 10) + 360 + 10);
    // The goal's first view is in place: the tile's middle is not the sheet's background.
    const { data } = await sharp(out).extract({ left: 70, top: 124, width: 1, height: 1 }).raw().toBuffer({
      resolveWithObject: true,
    });
    expect([...data.subarray(0, 3)]).not.toEqual([0x16, 0x18, 0x1c]);
  });

  it("says what is wrong with its input", async () => {
    await expect(sheetCommand([path.join(RECORD, "images")])).rejects.toThrow(/holds no episode record/);
    await expect(sheetCommand([RECORD, "--tile", "7"])).rejects.toThrow(/tile/);
    await expect(sheetCommand([RECORD, RECORD])).rejects.toThrow(/one episode folder at a time/);
  });
});
