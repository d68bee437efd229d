/**
 * The page's one connection to the sidecar that served it: a WebSocket to this page's own
 * origin, the sidecar's handshake (protocol/src/handshake.ts: both sides prove they hold
 * the token, an HMAC-SHA256 over both nonces, and the token never crosses the wire), then
 * JSON-RPC 2.0 both ways: calls out, `page.update` notifications in.
 */

import { PROTOCOL_VERSION } from "./protocol-version.js";

const LABEL = "blender-agent-handshake-v2";
const ROLE = "page";
const CALL_TIMEOUT_MS = 30_000;

/** The sidecar's proof did not match: the token this page has is not that sidecar's. */
export class WrongToken extends Error {}

const encoder = new TextEncoder();

function base64url(/** @type {Uint8Array} */ bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

async function proof(
  /** @type {string} */ token,
  /** @type {string} */ side,
  /** @type {string} */ blenderNonce,
  /** @type {string} */ sidecarNonce,
) {
  const key = await crypto.subtle.importKey("raw", encoder.encode(token), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const message = [LABEL, side, ROLE, "", blenderNonce, sidecarNonce].join("\n");
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class Connection {
  /** @type {WebSocket} */ ws = /** @type {any} */ (null); // set by connect()
  nextId = 1;
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, timer: number }>} */
  pending = new Map();
  /** @type {(method: string, params: any) => void} */
  onNotification = () => {};
  /** @type {(reason: string) => void} */
  onClose = () => {};

  /** Open and authenticate; rejects with WrongToken, or an Error saying why the sidecar refused. */
  static async open(/** @type {string} */ token) {
    const conn = new Connection();
    await conn.connect();
    try {
      await conn.handshake(token);
    } catch (err) {
      conn.ws.close();
      throw err;
    }
    return conn;
  }

  connect() {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`;
    this.ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve(undefined);
      this.ws.onerror = () => reject(new Error("the sidecar cannot be reached"));
      this.ws.onclose = (e) => {
        for (const p of this.pending.values()) p.reject(new Error(`the connection closed (${e.code})`));
        this.pending.clear();
        this.onClose(e.reason || `code ${e.code}`);
      };
      this.ws.onmessage = (e) => this.receive(String(e.data));
    });
  }

  async handshake(/** @type {string} */ token) {
    const nonce = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const hello = await this.call("session.hello", { role: ROLE, protocolVersion: PROTOCOL_VERSION, nonce });
    // The sidecar proves itself first: a page given the wrong token sends no proof of its own.
    if ((await proof(token, "sidecar", nonce, hello.nonce)) !== hello.proof) throw new WrongToken("wrong token");
    await this.call("session.authenticate", {
      proof: await proof(token, "blender", nonce, hello.nonce),
      blenderVersion: navigator.userAgent.slice(0, 200),
      file: "",
    });
  }

  /** Call a sidecar method; rejects with the sidecar's error message. */
  call(/** @type {string} */ method, /** @type {any} */ params = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }

  receive(/** @type {string} */ text) {
    /** @type {any} */
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.method && msg.id === undefined) return this.onNotification(msg.method, msg.params);
    if (msg.method) {
      // The page answers no methods; say so rather than leave the caller waiting.
      this.ws.send(
        JSON.stringify({ jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "the page answers no methods" } }),
      );
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    this.pending.delete(msg.id);
    window.clearTimeout(waiting.timer);
    if (msg.error) waiting.reject(new Error(msg.error.message));
    else waiting.resolve(msg.result);
  }

  close() {
    this.ws.close();
  }
}
