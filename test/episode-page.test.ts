import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, newNonce, PROTOCOL_VERSION } from "../protocol/src/index.js";
import { readEvents } from "../sidecar/src/agent/record/episode-record.js";
import { eventsOf } from "../sidecar/src/agent/record/events.js";
import { fitsWithoutScrolling, launchChromium, openPage, screenshot } from "./helpers/browser.js";
import { episodeDirOf, runCli, runTsx } from "./helpers/cli.js";
import { rawPeer } from "./helpers/raw-peer.js";
import { type ServeProcess, startServe } from "./helpers/serve.js";

/**
 * The episode page end to end: real Blender workers run an offline episode, Debian's
 * Chromium (driven by playwright-core) opens the page the sidecar serves and prints,
 * watches, pauses and steps it; then a plain `serve` replays the record, goes away and
 * comes back; a wrong token and a foreign origin get nothing.
 */
const TOKEN = "page-test-token-0123456789abcdef";
let dir: string;
let runsDir: string;
let tokenFile: string;
let browser: Browser;
let recordDir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "episode-page-"));
  runsDir = path.join(dir, "runs");
  tokenFile = path.join(dir, "token");
  writeFileSync(tokenFile, `${TOKEN}\n`);
  chmodSync(tokenFile, 0o600);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent()) ?? "";

/** Wait until the page shows `status` in its status pill. */
const statusIs = (page: Page, status: string) =>
  page.waitForFunction((s) => document.getElementById("status")?.textContent === s, status, { timeout: 60_000 });

/** The iteration the page's title shows ("Iteration N of D · style"; "Start" is 0). */
async function shownIteration(page: Page): Promise<number> {
  const m = /Iteration (\d+) of/.exec(await text(page, "#iteration-title"));
  return m ? Number(m[1]) : 0;
}

/** Wait until the page shows iteration `n` (it draws on the next animation frame). */
const showsIteration = (page: Page, n: number) =>
  page.waitForFunction(
    (k) => document.getElementById("iteration-title")?.textContent?.startsWith(`Iteration ${k} of`),
    n,
    { timeout: 60_000 },
  );

describe("the episode page", () => {
  const steppedToo = "follows a running episode live, pauses it with space and steps it with →";
  it(steppedToo, async () => {
    let pageUrl = "";
    let onUrl: (url: string) => void = () => {};
    const urlPrinted = new Promise<string>((resolve) => (onUrl = resolve));
    const run = runCli(
      ["--depth", "30", "--breadth", "2", "--size", "64", "--runs", runsDir],
      (line) => {
        const m = /^episode page: (\S+)/.exec(line);
        if (m) onUrl(m[1]!);
      },
      170_000,
    );
    pageUrl = await Promise.race([urlPrinted, run.then((r) => Promise.reject(new Error(r.out)))]);
    expect(pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);

    const { page, errors } = await openPage(browser, pageUrl, { width: 1920, height: 1080 });
    // The running episode opens by itself; its drafts appear as they are made.
    await page.locator(".draft").first().waitFor({ timeout: 60_000 });
    expect(page.url()).not.toContain("token="); // kept for the tab, not left in the address bar

    await page.keyboard.press(" ");
    await statusIs(page, "paused");
    const before = await shownIteration(page);
    expect(before).toBeGreaterThan(0);

    await page.keyboard.press("ArrowRight");
    await showsIteration(page, before + 1);
    await statusIs(page, "paused");
    await page.locator(".draft img[src^='blob:']").first().waitFor();
    expect(await page.locator(".draft").count()).toBe(2);
    await screenshot(page, "episode-page-live-1920x1080");
    expect(await fitsWithoutScrolling(page)).toBe(true);

    await page.click("#stop");
    const result = await run;
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/^record: /m);
    expect(errors).toEqual([]);

    // The record says what the page did: paused after `before`, one step, then stopped.
    recordDir = path.join(runsDir, path.basename(episodeDirOf(result.out)));
    const events = readEvents(recordDir);
    const paused = eventsOf(events, "episode.paused").map((e) => e.iteration);
    expect(paused).toEqual([before, before + 1]);
    expect(eventsOf(events, "iteration.ended").at(-1)?.iteration).toBe(before + 1);
    expect(eventsOf(events, "episode.ended").at(-1)?.reason).toBe("stopped");
    await page.close();
  }, 180_000);

  describe("on serve, with the record", () => {
    let serve: ServeProcess;
    let pageUrl: string;
    const serveArgs = () => ["--workers", "0", "--runs", runsDir, "--token-file", tokenFile];

    beforeAll(async () => {
      // A benchmark's output under the runs folder, for the page to list: one task, real workers.
      const bench = await runTsx(
        "sidecar/src/cli/bench.ts",
        ["run", "--tasks", "placement/desk-chair-tuck-in", "--depth", "2", "--breadth", "2", "--size", "64"].concat([
          "--workers",
          "1",
          "--out",
          path.join(runsDir, "bench-demo"),
        ]),
        undefined,
        120_000,
      );
      expect(bench.code, bench.out).toBe(0);
      serve = await startServe([...serveArgs(), "--port", "0"]);
      pageUrl = serve.url.replace(/^ws/, "http");
    }, 150_000);
    afterAll(() => serve?.stop());

    const replays = "replays a recorded episode backward and forward, readable at 1920×1080 and 1280×800";
    it(replays, async () => {
      expect(serve.output()).toContain(`episode page: ${pageUrl}/`);
      const events = readEvents(recordDir);
      const first = eventsOf(events, "iteration.ended")[0]!;
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 1280, height: 800 },
      ]) {
        const { page, errors } = await openPage(browser, `${pageUrl}/#token=${TOKEN}`, size);
        const item = page.locator(`#episode-list li[data-id="${path.basename(recordDir)}"]`);
        await item.click();
        await page.waitForFunction(() => document.getElementById("iteration-title")?.textContent === "Start");
        expect(await text(page, "#status")).toBe("recorded · stopped");
        await page.keyboard.press("ArrowRight");
        await showsIteration(page, 1);
        await page.keyboard.press("ArrowRight");
        await showsIteration(page, 2);
        await page.keyboard.press("ArrowLeft");
        await showsIteration(page, 1);
        // Iteration 1 as the record decided it.
        const decided = first.winner === "incumbent" ? "kept" : `${first.winner} won`;
        expect(await text(page, "#decision")).toContain(decided);
        expect(await page.locator(".draft").count()).toBe(first.drafts.length);
        await page.locator("#goal img[src^='blob:']").first().waitFor();
        await page.locator(".draft img[src^='blob:']").first().waitFor();
        await screenshot(page, `episode-page-replay-${size.width}x${size.height}`);
        expect(await fitsWithoutScrolling(page)).toBe(true);
        expect(errors).toEqual([]);
        await page.close();
      }
    });

    it("lists a benchmark folder: its summary tables, and its episodes to replay", async () => {
      const { page, errors } = await openPage(browser, `${pageUrl}/#token=${TOKEN}`, { width: 1920, height: 1080 });
      await page.locator("#bench-list li", { hasText: "bench-demo" }).click();
      await page.locator("#bench table").first().waitFor();
      expect(await text(page, "#bench-name")).toBe("bench-demo");
      // The summary's first table: a row for the one configuration, a column per category.
      expect(await text(page, "#bench table >> nth=0")).toContain("placement");
      const episode = page.locator(".bench-episodes li");
      expect(await episode.count()).toBe(1);
      expect(await text(page, ".bench-episodes li")).toContain("placement/desk-chair-tuck-in");
      await screenshot(page, "episode-page-bench-1920x1080");
      await episode.click();
      await page.waitForFunction(() => document.getElementById("iteration-title")?.textContent === "Start");
      await page.keyboard.press("ArrowRight");
      await showsIteration(page, 1);
      await page.locator(".draft img[src^='blob:']").first().waitFor();
      expect(errors).toEqual([]);
      await page.close();
    });

    it("shows a stale state when the sidecar goes away, and catches up when it returns", async () => {
      const { page, errors } = await openPage(browser, `${pageUrl}/#token=${TOKEN}`, { width: 1280, height: 800 });
      await page.locator(`#episode-list li[data-id="${path.basename(recordDir)}"]`).click();
      await page.waitForFunction(() => document.getElementById("iteration-title")?.textContent === "Start");
      await serve.stop();
      await page.locator("#stale").waitFor({ state: "visible" });
      expect(await text(page, "#stale")).toContain("The sidecar went away");
      expect(await text(page, "#connection")).toBe("disconnected");
      await screenshot(page, "episode-page-stale-1280x800");

      serve = await startServe([...serveArgs(), "--port", new URL(pageUrl).port]);
      await page.locator("#stale").waitFor({ state: "hidden", timeout: 20_000 });
      expect(await text(page, "#connection")).toBe("connected");
      expect(await text(page, "#iteration-title")).toBe("Start"); // the episode it showed, watched again
      expect(errors).toEqual([]);
      await page.close();
    });

    it("gives a wrong token, a foreign origin or a rebound host name nothing", async () => {
      const { page } = await openPage(browser, `${pageUrl}/#token=not-the-token-at-all-123456`, {
        width: 1280,
        height: 800,
      });
      await page.locator("#token-form").waitFor({ state: "visible" });
      expect(await text(page, "#token-problem")).toContain("not the one this sidecar was started with");
      expect(await page.locator("#episode-list li[data-id]").count()).toBe(0);
      await screenshot(page, "episode-page-wrong-token-1280x800");
      await page.close();

      // A page of another origin cannot even open the WebSocket.
      const foreign = await rawPeer(serve.url, { Origin: "http://evil.example" });
      expect(foreign.opened).toBe(false);
      expect(foreign.status).toBe(403);

      // From the page's own origin, nothing is answered before the handshake...
      const own = await rawPeer(serve.url, { Origin: pageUrl });
      const early = await own.request("page.browse", {});
      expect(early?.error?.code).toBe(ErrorCode.Unauthorized);
      // ...and a proof made with the wrong token is refused.
      const hello = await own.request("session.hello", {
        role: "page",
        protocolVersion: PROTOCOL_VERSION,
        nonce: newNonce(),
      });
      expect(hello?.result).toBeDefined();
      const auth = await own.request("session.authenticate", { proof: "0".repeat(64), blenderVersion: "x", file: "" });
      expect(auth?.error?.message).toContain("wrong session token");
      expect((await own.closed)[0]).toBe(1008);

      // A DNS-rebound name reaches the port but not the page.
      const status = await new Promise<number | undefined>((resolve, reject) =>
        http
          .get(`${pageUrl}/`, { headers: { Host: `evil.example:${new URL(pageUrl).port}` } }, (res) => {
            res.resume();
            resolve(res.statusCode);
          })
          .on("error", reject),
      );
      expect(status).toBe(421);
    });
  });
});
