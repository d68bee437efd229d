import WebSocket from "ws";

/** A raw WebSocket client to the sidecar, as a misbehaving or hostile peer would be. */
export interface RawPeer {
  ws: WebSocket;
  /** Whether the upgrade succeeded. */
  opened: boolean;
  /** The HTTP status of a refused upgrade. */
  status?: number;
  /** Resolves with the close code and reason. */
  closed: Promise<[number, string]>;
  /** The next message (parsed JSON), or undefined if the connection closes first. */
  next(): Promise<unknown>;
  /** Send a JSON-RPC request and wait for the message that answers its id. */
  request(
    method: string,
    params: unknown,
    id?: string | number,
  ): Promise<{ id?: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } } | undefined>;
}

export async function rawPeer(url: string, headers: Record<string, string> = {}): Promise<RawPeer> {
  const ws = new WebSocket(url, { headers });
  const messages: unknown[] = [];
  const waiting: Array<(m: unknown) => void> = [];
  let isClosed = false;
  ws.on("message", (d) => {
    let m: unknown;
    try {
      m = JSON.parse(d.toString());
    } catch {
      m = d.toString();
    }
    const w = waiting.shift();
    if (w) w(m);
    else messages.push(m);
  });
  const closed = new Promise<[number, string]>((resolve) =>
    ws.on("close", (code, reason) => {
      isClosed = true;
      for (const w of waiting.splice(0)) w(undefined);
      resolve([code, reason.toString()]);
    }),
  );
  let status: number | undefined;
  const opened = await new Promise<boolean>((resolve) => {
    ws.once("open", () => resolve(true));
    ws.once("unexpected-response", (_req, res) => {
      status = res.statusCode;
      res.resume();
      ws.terminate();
      resolve(false);
    });
    ws.once("error", () => resolve(false));
  });
  ws.on("error", () => {}); // a reset after a close the sidecar started is expected here
  const next = () =>
    new Promise<unknown>((resolve) => {
      if (messages.length) resolve(messages.shift());
      else if (isClosed) resolve(undefined);
      else waiting.push(resolve);
    });
  let ids = 0;
  const request: RawPeer["request"] = async (method, params, id = `r${++ids}`) => {
    ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    for (;;) {
      const m = (await next()) as { id?: unknown } | undefined;
      if (m === undefined || m.id === id) return m as Awaited<ReturnType<RawPeer["request"]>>;
    }
  };
  return { ws, opened, status, closed, next, request };
}
