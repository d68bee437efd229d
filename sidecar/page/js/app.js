/**
 * The episode page: connects to the sidecar that served it, lists its episodes, follows
 * one live or replays a record, and steers a running one through the same episode API
 * as the CLI and the Blender panel (episode.control). No agent logic of its own.
 */
import { Connection, WrongToken } from "./connection.js";
import { applyEvent, buildModel, lastEnded } from "./episode-model.js";
import {
  benchView,
  curve,
  draftCards,
  fillFrame,
  h,
  iterationLine,
  listItem,
  pngBlob,
  scoreBlock,
  stats,
} from "./views.js";

const RETRY_MS = 2000;
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  /** @type {Connection | null} */ conn: null,
  token: "",
  /** @type {any[]} */ episodes: [],
  /** @type {{ benchId: string, name: string }[]} */ benches: [],
  /** @type {string | null} */ openBench: null,
  /** @type {string | null} */ openId: null,
  /** An episode whose page.watch is under way, and the updates that came first. */
  /** @type {{ id: string, updates: any[] } | null} */ arriving: null,
  /** @type {import("./episode-model.js").EpisodeModel | null} */ model: null,
  running: false,
  /** @type {string | null} */ status: null,
  /** @type {any} */ proposal: null,
  /** The iteration shown; null follows the latest. */
  /** @type {number | null} */ cursor: null,
  /** @type {Map<string, Promise<string>>} */ images: new Map(),
  drawQueued: false,
};

// ---- connection -------------------------------------------------------------------

function tokenFromAddress() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("blender-agent-token", decodeURIComponent(match[1]));
    // Keep the token out of the address bar (screenshots, screen shares); this tab remembers it.
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("blender-agent-token") ?? "";
}

function askForToken(/** @type {string} */ problem) {
  $("token-problem").textContent = problem;
  show("token-form");
  setConnection("offline", problem ? "refused" : "no token");
  /** @type {HTMLInputElement} */ ($("token-input")).focus();
}

function setConnection(/** @type {string} */ cls, /** @type {string} */ text) {
  const pill = $("connection");
  pill.className = `pill ${cls}`;
  pill.textContent = text;
}

async function connect() {
  if (!state.token) return askForToken("");
  setConnection("", "connecting…");
  try {
    const conn = await Connection.open(state.token);
    state.conn = conn;
    conn.onNotification = onNotification;
    conn.onClose = (reason) => wentAway(reason);
    document.body.classList.remove("stale");
    $("stale").hidden = true;
    if (!$("token-form").hidden) show("welcome");
    setConnection("online", "connected");
    await refreshList();
    if (state.openId) await openEpisode(state.openId, true);
  } catch (err) {
    if (err instanceof WrongToken) {
      sessionStorage.removeItem("blender-agent-token");
      state.token = "";
      return askForToken("This token is not the one this sidecar was started with.");
    }
    wentAway(/** @type {Error} */ (err).message);
  }
}

/** The sidecar is gone: keep the last state on screen, say so, and try again. */
function wentAway(/** @type {string} */ reason) {
  if (!state.token) return;
  state.conn = null;
  document.body.classList.add("stale");
  const banner = $("stale");
  if (banner.hidden) {
    banner.textContent = `The sidecar went away at ${new Date().toLocaleTimeString()} (${reason}): this is the last state it sent. Reconnecting…`;
    banner.hidden = false;
  }
  setConnection("offline", "disconnected");
  draw();
  setTimeout(connect, RETRY_MS);
}

/** @param {string} method @param {any} p */
function onNotification(method, p) {
  if (method !== "page.update") return;
  const listed = state.episodes.find((e) => e.episodeId === p.episodeId);
  // A new episode in this sidecar: list it (and, if none is open, open it).
  if (!listed) return void refreshList();
  listed.status = p.status;
  if (p.event?.type === "iteration.ended")
    Object.assign(listed, { iterations: p.event.iteration, score: p.event.score });
  drawList();
  // Updates that overtake page.watch's answer wait for it (their events are not in it).
  const arriving = state.arriving;
  if (arriving && arriving.id === p.episodeId) return void arriving.updates.push(p);
  if (p.episodeId !== state.openId || !state.model) return;
  if (p.event) applyEvent(state.model, p.event);
  state.status = p.status;
  state.proposal = p.proposal;
  draw();
}

async function call(/** @type {string} */ method, /** @type {any} */ params) {
  if (!state.conn) throw new Error("not connected to the sidecar");
  return state.conn.call(method, params);
}

// ---- episodes ---------------------------------------------------------------------

async function refreshList() {
  /** @type {{ episodes: any[], unreadable: { episodeId: string, error: string }[], benches: any[] }} */
  const { episodes, unreadable, benches } = await call("page.browse", {});
  state.episodes = episodes;
  state.benches = benches;
  // On the big screen nobody clicks: an episode running here opens by itself.
  const running = episodes.find((e) => e.running);
  if (!state.openId && running) void openEpisode(running.episodeId);
  const note = $("unreadable");
  note.hidden = unreadable.length === 0;
  note.textContent = unreadable.length
    ? `${unreadable.length} record${unreadable.length === 1 ? "" : "s"} could not be read: ${unreadable.map((u) => `${u.episodeId} (${u.error})`).join("; ")}`
    : "";
  drawList();
}

async function openEpisode(/** @type {string} */ id, again = false) {
  if (state.openId && state.openId !== id && state.conn)
    void call("page.unwatch", { episodeId: state.openId }).catch(() => {});
  if (state.openId !== id) forgetImages();
  const arriving = { id, updates: /** @type {any[]} */ ([]) };
  state.arriving = arriving;
  const result = await call("page.watch", { episodeId: id }).finally(() => {
    state.arriving = null;
  });
  state.openId = id;
  state.running = result.running;
  state.status = result.status;
  state.proposal = result.proposal;
  state.model = buildModel(result.events);
  for (const p of arriving.updates) onNotification("page.update", p);
  if (!again) state.cursor = result.running ? null : 0;
  show("view");
  drawList();
  draw();
}

/** Let the browser free the images of the episode no longer shown. */
function forgetImages() {
  for (const url of state.images.values()) void url.then(URL.revokeObjectURL, () => {});
  state.images.clear();
}

/** A blob: URL for one of the open episode's images, fetched once. */
function imageUrl(/** @type {string} */ ref) {
  const key = `${state.openId}/${ref}`;
  let url = state.images.get(key);
  if (!url) {
    url = call("record.image", { episodeId: state.openId, ref }).then(({ png }) => URL.createObjectURL(pngBlob(png)));
    url.catch(() => state.images.delete(key));
    state.images.set(key, url);
  }
  return url;
}

async function control(/** @type {string} */ action) {
  if (!state.openId) return;
  try {
    const { status } = await call("episode.control", { episodeId: state.openId, action });
    state.status = status;
    $("notice").textContent = "";
    draw();
  } catch (err) {
    // Stays until the next control succeeds: redraws do not wipe it.
    $("notice").textContent = /** @type {Error} */ (err).message;
  }
}

// ---- the view ---------------------------------------------------------------------

/** The latest iteration there is (running or ended), 0 before the first. */
function latest() {
  return state.model ? Math.max(0, state.model.iterations.length - 1) : 0;
}

function shownIteration() {
  return Math.min(state.cursor ?? latest(), latest());
}

function draw() {
  if (state.drawQueued) return;
  state.drawQueued = true;
  requestAnimationFrame(() => {
    state.drawQueued = false;
    drawHeader();
    drawEpisode();
  });
}

function drawList() {
  const list = $("episode-list");
  const item = (/** @type {any} */ e) => listItem(e, e.episodeId === state.openId, () => void openEpisode(e.episodeId));
  list.replaceChildren(...state.episodes.map(item));
  if (!state.episodes.length)
    list.replaceChildren(
      h(
        "li",
        { class: "muted" },
        "No episodes yet: run one (npm start -- run) or start one from Blender's Agent panel.",
      ),
    );
  $("benches-title").hidden = state.benches.length === 0;
  $("bench-list").replaceChildren(
    ...state.benches.map((b) =>
      listItem({ label: b.name, benchId: b.benchId }, b.benchId === state.openBench, () => void openBench(b.benchId)),
    ),
  );
}

/** One benchmark folder: its scaling plot, its summary tables, and its episodes, each opening its replay. */
async function openBench(/** @type {string} */ benchId) {
  const bench = await call("page.bench", { benchId });
  state.openBench = benchId;
  $("bench-name").textContent = bench.name;
  const scaling = bench.scalingPng ? URL.createObjectURL(pngBlob(bench.scalingPng)) : undefined;
  $("bench-body").replaceChildren(
    ...benchView(bench, scaling, (/** @type {string} */ id) => {
      void openEpisode(id);
    }),
  );
  show("bench");
  drawList();
}

/** Show one of the main views: an episode, a bench, the welcome, or the token form. */
function show(/** @type {"view" | "bench" | "welcome" | "token-form"} */ which) {
  for (const id of ["view", "bench", "welcome", "token-form"]) $(id).hidden = id !== which;
  if (which !== "bench") state.openBench = null;
}

function drawHeader() {
  const m = state.model;
  $("episode-label").textContent = m ? m.label : "No episode open";
  const pill = $("status");
  pill.hidden = !m;
  const status = state.status ?? "no end";
  pill.textContent = state.running ? status : `recorded · ${status}`;
  pill.className = `pill ${status}`;
  const live = state.running && state.conn !== null;
  $("live-controls").hidden = !state.running;
  const s = state.status;
  /** @type {HTMLButtonElement} */ ($("pause")).disabled = !live || s !== "running";
  /** @type {HTMLButtonElement} */ ($("resume")).disabled = !live || !(s === "paused" || s === "ready");
  /** @type {HTMLButtonElement} */ ($("step")).disabled = !live || !(s === "paused" || s === "ready");
  /** @type {HTMLButtonElement} */ ($("stop")).disabled =
    !live || !(s === "running" || s === "paused" || s === "ready");
  $("proposal").hidden = !(state.running && state.proposal);
  if (state.proposal)
    $("proposal-text").textContent = `Iteration ${state.proposal.iteration}: ${state.proposal.summary}`;
}

function drawEpisode() {
  const m = state.model;
  if (!m) return;
  const k = shownIteration();
  const it = k > 0 ? m.iterations[k] : undefined;
  // While iteration k runs, the scene still shows the incumbent it started from.
  const shownAfter = it && !it.ended ? k - 1 : k;
  fillFrame($("goal"), m.goalImages, imageUrl, m.views, m.instruction);
  const incumbent = shownAfter > 0 ? m.iterations[shownAfter]?.ended : undefined;
  const hash = incumbent?.hash ?? m.startHash;
  fillFrame($("current"), m.renders.get(hash)?.images ?? [], imageUrl, m.views, "not rendered");
  $("current-caption").textContent = shownAfter === 0 ? "Start" : `Current best after iteration ${shownAfter}`;
  $("score").replaceChildren(scoreBlock(m, shownAfter));
  $("curve").replaceChildren(curve(m, shownAfter));
  $("stats").replaceChildren(...stats(m));
  const cursor = /** @type {HTMLInputElement} */ ($("cursor"));
  cursor.max = String(latest());
  cursor.value = String(k);
  /** @type {HTMLButtonElement} */ ($("back")).disabled = k === 0;
  /** @type {HTMLButtonElement} */ ($("forward")).disabled = k >= latest() && !canStep();
  const line = iterationLine(it, m.config.depth);
  $("iteration-title").textContent = line.title;
  const done = m.end ? ` · ended: ${m.end.reason} after ${m.end.iterations} (last decided: ${lastEnded(m)})` : "";
  $("decision").textContent = line.text + (k === latest() ? done : "");
  const hint = latest() > 0 ? "Step forward (→) to see each iteration's drafts." : "The first drafts are on their way.";
  $("drafts").replaceChildren(...(it ? draftCards(m, it, imageUrl) : [h("p", { class: "drafts-hint" }, hint)]));
}

function canStep() {
  return state.running && (state.status === "paused" || state.status === "ready");
}

// ---- input --------------------------------------------------------------------------

function move(/** @type {number} */ by) {
  const k = shownIteration() + by;
  if (by > 0 && shownIteration() >= latest()) {
    if (canStep()) void control("step");
    return;
  }
  state.cursor = k >= latest() && state.running ? null : Math.max(0, Math.min(k, latest()));
  draw();
}

function wireInput() {
  $("pause").addEventListener("click", () => void control("pause"));
  $("resume").addEventListener("click", () => void control("resume"));
  $("step").addEventListener("click", () => void control("step"));
  $("stop").addEventListener("click", () => void control("stop"));
  $("accept").addEventListener("click", () => void control("accept"));
  $("reject").addEventListener("click", () => void control("reject"));
  $("back").addEventListener("click", () => move(-1));
  $("forward").addEventListener("click", () => move(1));
  $("cursor").addEventListener("input", (e) => {
    const k = Number(/** @type {HTMLInputElement} */ (e.target).value);
    state.cursor = k >= latest() && state.running ? null : k;
    draw();
  });
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.token = /** @type {HTMLInputElement} */ ($("token-input")).value.trim();
    sessionStorage.setItem("blender-agent-token", state.token);
    void connect();
  });
  document.addEventListener("keydown", (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    if (target.tagName === "INPUT" && target.getAttribute("type") !== "range") return;
    if (e.key === " " && state.running) {
      e.preventDefault();
      if (state.status === "running") void control("pause");
      else if (state.status === "paused" || state.status === "ready") void control("resume");
    } else if (e.key === "ArrowRight") {
      e.preventDefault();
      move(1);
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      move(-1);
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      state.cursor = e.key === "Home" ? 0 : state.running ? null : latest();
      draw();
    }
  });
}

wireInput();
state.token = tokenFromAddress();
void connect();
