import { readdirSync, readFileSync } from "node:fs";
import type http from "node:http";
import path from "node:path";
import { PROJECT_ROOT } from "../project-root.js";

/** The episode page's files: plain HTML, CSS and ES modules, served as they are (no build, no CDN). */
export const PAGE_DIR = path.join(PROJECT_ROOT, "sidecar", "page");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * Everything the page loads comes from here, and it talks only to this origin: no inline
 * script, no other host. Images are blob: URLs made from the PNGs the page fetches over
 * its authenticated connection.
 */
const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

/** Every file of the page by its URL path ("/" is index.html), read once at start. */
function loadFiles(dir: string): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const type = TYPES[path.extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    const file = path.join(entry.parentPath, entry.name);
    const url = `/${path.relative(dir, file).split(path.sep).join("/")}`;
    files.set(url, { body: readFileSync(file), type });
  }
  const index = files.get("/index.html");
  if (index) files.set("/", index);
  return files;
}

/**
 * The handler for plain HTTP requests on the hub's listener (which has checked the Host):
 * GET of the page's own files, no data at all (that flows over the authenticated WebSocket).
 */
export function pageHandler(dir = PAGE_DIR): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const files = loadFiles(dir);
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("only GET\n");
      return;
    }
    const file = files.get(new URL(req.url ?? "/", "http://page").pathname);
    if (!file) {
      res.writeHead(404, { "Content-Type": "text/plain", ...SECURITY_HEADERS }).end("not found\n");
      return;
    }
    res.writeHead(200, { "Content-Type": file.type, "Content-Length": file.body.length, ...SECURITY_HEADERS });
    res.end(req.method === "HEAD" ? undefined : file.body);
  };
}
