import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  blenderMethods,
  ErrorCode,
  handshakeProof,
  newNonce,
  PROTOCOL_VERSION,
  proofMatches,
  protocolCompatible,
  sidecarMethods,
} from "../../protocol/src/index.js";
import { protocolJsonSchemaText } from "../../protocol/src/json-schema.js";
import { PYTHON_MODULE, pythonModuleText } from "../../protocol/src/python-module.js";

const root = new URL("../../", import.meta.url);

describe("protocol", () => {
  it("protocol.schema.json is generated from the current zod schemas", () => {
    const onDisk = readFileSync(new URL("protocol/protocol.schema.json", root), "utf8");
    expect(onDisk, "stale: run `npm run protocol:schema` and commit the result").toBe(protocolJsonSchemaText());
  });

  it("the add-on's copy of the wire (blender_agent/protocol.py) is generated from the current protocol", () => {
    const onDisk = readFileSync(new URL(PYTHON_MODULE, root), "utf8");
    expect(onDisk, "stale: run `npm run protocol:schema` and commit the result").toBe(pythonModuleText());
  });

  it("the add-on speaks the same protocol version and error codes (read by plain python3)", () => {
    const script = [
      "import json, sys",
      "sys.path.insert(0, 'blender-addon')",
      "import blender_agent",
      "from blender_agent import errors",
      "codes = {k: v for k, v in vars(errors).items() if k.isupper() and isinstance(v, int)}",
      "print(json.dumps({'version': blender_agent.PROTOCOL_VERSION, 'codes': codes}))",
    ].join("\n");
    const out = JSON.parse(execFileSync("python3", ["-c", script], { cwd: root, encoding: "utf8" })) as {
      version: string;
      codes: Record<string, number>;
    };
    expect(out.version).toBe(PROTOCOL_VERSION);
    const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
    const expected = Object.fromEntries(Object.entries(ErrorCode).map(([k, v]) => [snake(k), v]));
    expect(out.codes).toEqual(expected);
  });

  it("the add-on computes the same handshake proofs as the sidecar, and they differ by side, key and nonce", () => {
    const t = { role: "worker", workerId: "w7", blenderNonce: newNonce(), sidecarNonce: newNonce() };
    const script = [
      "import json, sys",
      "sys.path.insert(0, 'blender-addon')",
      "from blender_agent.transport import handshake as h",
      "t = json.loads(sys.argv[1])",
      "print(json.dumps([h.proof('kéy', side, t['role'], t['workerId'], " +
        "t['blenderNonce'], t['sidecarNonce']) for side in (h.SIDECAR, h.BLENDER)]))",
    ].join("\n");
    const python = JSON.parse(
      execFileSync("python3", ["-c", script, JSON.stringify(t)], { cwd: root, encoding: "utf8" }),
    ) as string[];
    const node = [handshakeProof("kéy", "sidecar", t), handshakeProof("kéy", "blender", t)];
    expect(python).toEqual(node);
    expect(
      new Set([
        ...node,
        handshakeProof("key", "sidecar", t),
        handshakeProof("kéy", "sidecar", { ...t, blenderNonce: newNonce() }),
      ]).size,
    ).toBe(4);
    expect(proofMatches(node[0]!, node[0]!)).toBe(true);
    expect(proofMatches(node[0]!, node[1]!)).toBe(false);
    expect(proofMatches(node[0]!, "short")).toBe(false);
  });

  it("versions are compatible by major number", () => {
    expect(protocolCompatible("1.0", "1.3")).toBe(true);
    expect(protocolCompatible("2.0", "1.0")).toBe(false);
  });

  it("params schemas apply defaults and reject unknown fields", () => {
    const render = blenderMethods["render.views"].params.parse({ views: [{ camera: "Camera1" }] });
    expect(render.settings).toMatchObject({ engine: "WORKBENCH", width: 256, height: 256 });
    const bad = blenderMethods["render.views"].params.safeParse({ views: [{ camera: "Camera1" }], colour: "red" });
    expect(bad.success).toBe(false);
    const tooBig = blenderMethods["render.views"].params.safeParse({
      views: [{ camera: "C" }],
      settings: { width: 100000 },
    });
    expect(tooBig.success).toBe(false);
  });

  it("an episode id from a peer names a record folder, never a path (attach, control, revert)", () => {
    const attach = sidecarMethods["episode.attach"].params;
    expect(attach.parse({ episodeId: "20261203-073016-live-yjkx" })).toMatchObject({ resume: false });
    for (const episodeId of ["../../etc", "..", "/etc/passwd", "a/b", ".hidden", "a\\b", ""]) {
      expect(attach.safeParse({ episodeId }).success).toBe(false);
      expect(sidecarMethods["episode.revert"].params.safeParse({ episodeId }).success).toBe(false);
      expect(sidecarMethods["episode.control"].params.safeParse({ episodeId, action: "stop" }).success).toBe(false);
    }
  });
});
