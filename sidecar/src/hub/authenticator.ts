import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  AuthenticateParams,
  ErrorCode,
  HelloParams,
  handshakeProof,
  newNonce,
  PROTOCOL_VERSION,
  proofMatches,
  protocolCompatible,
} from "../../../protocol/src/index.js";

/** Who an authenticated peer is: what its hello and its authenticate said. */
export type PeerIdentity = Omit<z.output<typeof HelloParams>, "nonce"> &
  Omit<z.output<typeof AuthenticateParams>, "proof">;

/** A hello answered, waiting for the peer's proof. */
export interface Challenge {
  hello: z.output<typeof HelloParams>;
  key: string;
  sidecarNonce: string;
}

/** A refused step of the handshake: the JSON-RPC code and a message for the peer. */
export class HandshakeRefusal extends Error {
  constructor(
    message: string,
    readonly code: number = ErrorCode.Unauthorized,
  ) {
    super(message);
  }
}

/**
 * The sidecar's side of the handshake (protocol/src/handshake.ts), with no sockets: the
 * session token for live Blenders, and a one-time key per worker this sidecar started,
 * so a worker's key, if a candidate program found it, admits nobody.
 */
export class Authenticator {
  private readonly workerKeys = new Map<string, string>();

  constructor(readonly token: string) {}

  /** A fresh key for the worker `workerId` is about to start; valid for one connection. */
  expectWorker(workerId: string): string {
    const key = randomBytes(32).toString("base64url");
    this.workerKeys.set(workerId, key);
    return key;
  }

  forgetWorker(workerId: string): void {
    this.workerKeys.delete(workerId);
  }

  /** Answer a hello with the sidecar's nonce and proof; throws HandshakeRefusal. */
  hello(params: unknown): { challenge: Challenge; result: { protocolVersion: string; nonce: string; proof: string } } {
    // The version first, so an add-on from before this handshake hears "update", not "missing nonce".
    const version = HelloParams.pick({ protocolVersion: true }).safeParse(params);
    if (version.success && !protocolCompatible(version.data.protocolVersion, PROTOCOL_VERSION)) {
      throw new HandshakeRefusal(
        `protocol version ${version.data.protocolVersion} is not compatible ` +
          `with the sidecar's ${PROTOCOL_VERSION}; update the add-on or the sidecar`,
      );
    }
    const parsed = HelloParams.safeParse(params);
    if (!parsed.success)
      throw new HandshakeRefusal(`invalid session.hello: ${z.prettifyError(parsed.error)}`, ErrorCode.InvalidParams);
    const hello = parsed.data;
    const key =
      hello.role !== "worker"
        ? this.token
        : hello.workerId !== undefined
          ? this.workerKeys.get(hello.workerId)
          : undefined;
    if (key === undefined)
      throw new HandshakeRefusal(
        hello.workerId === undefined ? "a worker must say its workerId" : `no worker ${hello.workerId} is expected`,
      );
    const sidecarNonce = newNonce();
    const proof = handshakeProof(key, "sidecar", {
      role: hello.role,
      workerId: hello.workerId,
      blenderNonce: hello.nonce,
      sidecarNonce,
    });
    return {
      challenge: { hello, key, sidecarNonce },
      result: { protocolVersion: PROTOCOL_VERSION, nonce: sidecarNonce, proof },
    };
  }

  /** Check the peer's proof against the challenge; throws HandshakeRefusal. */
  authenticate(challenge: Challenge, params: unknown): PeerIdentity {
    const parsed = AuthenticateParams.safeParse(params);
    if (!parsed.success)
      throw new HandshakeRefusal(
        `invalid session.authenticate: ${z.prettifyError(parsed.error)}`,
        ErrorCode.InvalidParams,
      );
    const { hello, key, sidecarNonce } = challenge;
    const expected = handshakeProof(key, "blender", {
      role: hello.role,
      workerId: hello.workerId,
      blenderNonce: hello.nonce,
      sidecarNonce,
    });
    if (!proofMatches(expected, parsed.data.proof)) throw new HandshakeRefusal("wrong session token");
    // one connection per key
    if (hello.role === "worker" && hello.workerId !== undefined) this.workerKeys.delete(hello.workerId);
    const { nonce: _nonce, ...who } = hello;
    const { proof: _proof, ...rest } = parsed.data;
    return { ...who, ...rest };
  }
}
