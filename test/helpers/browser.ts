import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { testOutput } from "./test-output.js";

/** Debian's Chromium, headless, as the README's set-up installs it; nothing fetched from the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
}

/** A page of the given size whose script errors are collected (a test expects none). */
export async function openPage(
  browser: Browser,
  url: string,
  size: { width: number; height: number },
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: size });
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(url);
  return { page, errors };
}

/** Save a screenshot under test-output/ (not in git) to be looked at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(testOutput(), `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Whether the page's main view fits its window (no scrolling needed). */
export function fitsWithoutScrolling(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      document.documentElement.scrollHeight <= window.innerHeight &&
      document.documentElement.scrollWidth <= window.innerWidth,
  );
}
