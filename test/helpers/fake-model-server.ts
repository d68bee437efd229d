import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it. */
export interface RecordedRequest<Body> {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Body;
}

export interface TokenCounts {
  input: number;
  output: number;
}

/** Usage a reply reports unless its step says otherwise. */
export const DEFAULT_USAGE: TokenCounts = { input: 1000, output: 200 };

/** A reply's text, fixed or computed from the request (to answer depending on the prompt). */
export type ReplyText<Body> = string | ((body: Body, request: RecordedRequest<Body>) => string);

/**
 * What the server does with the next request:
 * - a text, or a function of the request giving one: a 200 reply with that text;
 * - `{ reply, usage?, model? }`: the same, with the usage or model to report (the request's model by default);
 * - `{ status, message?, retryAfter? }`: that HTTP error in the API's own error body,
 *   with a retry-after header if given;
 * - `{ hang: true }`: never answers (until close()).
 */
export type Step<Body> =
  | ReplyText<Body>
  | { reply: ReplyText<Body>; usage?: TokenCounts; model?: string }
  | { status: number; message?: string; retryAfter?: string }
  | { hang: true };

/** How one API shapes its endpoint, replies and errors. */
export interface Dialect<Body> {
  /** For the server's own error messages, e.g. "fake OpenAI server". */
  name: string;
  /** What an SDK's base URL ends in: "/v1" for OpenAI, "" for Anthropic. */
  basePath: string;
  /** The one endpoint served, e.g. "/v1/chat/completions". */
  endpoint: string;
  reply(body: Body, text: string, usage: TokenCounts, model: string | undefined): unknown;
  error(status: number, message: string | undefined): unknown;
  /** The message of the 400 the real API would answer this request with, if it would. */
  refuse?(body: Body): string | undefined;
}

/**
 * A real HTTP server on 127.0.0.1 speaking one model API from a script: each request
 * takes the next step. A request with no step left gets a 400 (not retried), so a test
 * that makes more calls than it scripted fails at once.
 */
export class FakeModelServer<Body> {
  readonly requests: RecordedRequest<Body>[] = [];
  readonly #steps: Step<Body>[] = [];

  private constructor(
    readonly dialect: Dialect<Body>,
    readonly server: http.Server,
    /** Give this to the SDK (or the provider config) as its base URL. */
    readonly baseUrl: string,
  ) {}

  static async start<Body>(dialect: Dialect<Body>): Promise<FakeModelServer<Body>> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeModelServer(dialect, server, `http://127.0.0.1:${port}${dialect.basePath}`);
    server.on("request", (req, res) => void fake.#handle(req, res));
    return fake;
  }

  /** Appends steps to the script. */
  script(...steps: Step<Body>[]): this {
    this.#steps.push(...steps);
    return this;
  }

  /** Steps not yet taken. */
  get pending(): number {
    return this.#steps.length;
  }

  /** Stops the server, dropping any request left hanging. */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));

    if (req.method !== "POST" || req.url !== this.dialect.endpoint) {
      return void send(404, this.dialect.error(404, `${this.dialect.name}: no route ${req.method} ${req.url}`));
    }
    let body: Body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body;
    } catch {
      return void send(400, this.dialect.error(400, `${this.dialect.name}: the body is not JSON`));
    }
    const request: RecordedRequest<Body> = { method: req.method, path: req.url, headers: req.headers, body };
    this.requests.push(request);

    const refusal = this.dialect.refuse?.(body);
    if (refusal !== undefined) return void send(400, this.dialect.error(400, refusal));
    const step = this.#steps.shift();
    if (step === undefined) {
      return void send(
        400,
        this.dialect.error(400, `${this.dialect.name}: no scripted step left for request ${this.requests.length}`),
      );
    }
    if (typeof step === "object" && "hang" in step) return;
    if (typeof step === "object" && "status" in step) {
      return void send(
        step.status,
        this.dialect.error(step.status, step.message),
        step.retryAfter ? { "retry-after": step.retryAfter } : {},
      );
    }
    const { reply, usage = DEFAULT_USAGE, model } = typeof step === "object" ? step : { reply: step };
    const text = typeof reply === "function" ? reply(body, request) : reply;
    send(200, this.dialect.reply(body, text, usage, model));
  }
}
