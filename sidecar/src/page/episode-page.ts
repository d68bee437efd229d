import { RUNS_DIR } from "../agent/record/episode-record.js";
import type { EpisodeHost } from "../episodes/episode-host.js";
import type { Hub } from "../hub/hub-server.js";
import { PageFeed } from "./page-feed.js";
import { pageHandler } from "./page-files.js";

/**
 * Serve the episode page on the hub's own address: its files over plain HTTP, its data
 * over the hub's WebSocket to pages that proved they hold the token (role "page").
 */
export function serveEpisodePage(hub: Hub, host: EpisodeHost, runsDir = RUNS_DIR, benchDirs: string[] = []): void {
  new PageFeed(host, runsDir, benchDirs).serve(hub);
  hub.serveHttp("/", pageHandler());
}

/**
 * The page's address to print. The token rides in the fragment, which browsers never send
 * to the server (no log holds it); the page keeps it for the tab and clears the address bar.
 */
export function pageAddress(hub: Hub, token?: string): string {
  return `${hub.pageUrl}/${token ? `#token=${encodeURIComponent(token)}` : ""}`;
}
