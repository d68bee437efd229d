import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBlender } from "../sidecar/src/pool/blender-binary.js";
import { type LaunchedBlender, launchLiveBlender } from "./helpers/live-blender.js";
import { imagesOf, type McpProcess, recordProgress, startMcp, textOf } from "./helpers/mcp.js";
import { type ServeProcess, startServe } from "./helpers/serve.js";
import { testOutput } from "./helpers/test-output.js";

// The MCP server as an MCP client drives it: the SDK's own client starts `npm start -- mcp`
// over stdio (and talks to it over streamable HTTP), against a real Blender window under
// xvfb (the artist's scene) and the sidecar's headless workers (previews, renders).

const OUT = testOutput("mcp");
let mcp: McpProcess;
let blender: LaunchedBlender;

/** A scene of 300 objects: the default cube, camera and light, 294 crates, two awkward names, a second camera. */
const SCENE = `
import bpy
scene = bpy.context.scene
mesh = bpy.data.objects["Cube"].data
props = bpy.data.collections.new("Props")
scene.collection.children.link(props)
for i in range(294):
    o = bpy.data.objects.new("Crate.%03d" % i, mesh)
    o.location = (i % 20 * 0.3, i // 20 * 0.3, -8)
    props.objects.link(o)
for name in ['Café "Bar"', "Vase.Blue"]:
    props.objects.link(bpy.data.objects.new(name, mesh))
side = bpy.data.objects.new("Side Camera", bpy.data.cameras.new("Side Camera"))
side.location = (9, 0, 1)
side.rotation_euler = (1.5708, 0, 1.5708)
scene.collection.objects.link(side)
for o in scene.objects:
    o.select_set(o.name == "Cube")
bpy.context.view_layer.objects.active = bpy.data.objects["Cube"]
result = sorted(o.name for o in scene.objects)
`;

let sceneNames: string[];

const call = (name: string, args: Record<string, unknown> = {}) =>
  mcp.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

const cubeLocation = () => blender.inWindow<number[]>('result = list(bpy.data.objects["Cube"].location)');

beforeAll(async () => {
  mcp = await startMcp(["--workers", "1"]);
  blender = launchLiveBlender(mcp.url, mcp.token);
  await mcp.printed(/live Blender connected/, 90_000);
  await mcp.printed(/headless Blender workers ready/, 90_000);
  sceneNames = await blender.inWindow<string[]>(SCENE, 30_000);
}, 180_000);

afterAll(async () => {
  await mcp?.close();
  await blender?.stop();
});

describe("the MCP server over stdio (real Blender window and workers)", () => {
  it("lists every tool with an input and an output schema, and the resources", async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        "apply_program",
        "episode_status",
        "object_details",
        "pause",
        "preview_program",
        "render_views",
        "resume",
        "revert_episode",
        "scene_overview",
        "start_episode",
        "step",
        "stop",
        "undo",
        "viewport_image",
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
    }
    const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name);
    expect(readOnly).toContain("preview_program");
    expect(readOnly).not.toContain("apply_program");
    const templates = await mcp.client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toContain("blender://scene/program/{scope}");
  });

  it("pages through a 300-object scene without losing one", async () => {
    expect(sceneNames).toHaveLength(300);
    const objects: string[] = [];
    const materials: string[] = [];
    const collections: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await call("scene_overview", { limit: 64, ...(cursor ? { cursor } : {}) });
      expect(r.isError, textOf(r)).toBeFalsy();
      const page = r.structuredContent as {
        objects: { name: string }[];
        materials: string[];
        collections: { name: string }[];
        nextCursor: string | null;
        counts: { objects: number };
        sceneChanged: boolean;
      };
      expect(page.objects.length + page.materials.length + page.collections.length).toBeLessThanOrEqual(64);
      expect(page.counts.objects).toBe(300);
      expect(page.sceneChanged).toBe(false);
      objects.push(...page.objects.map((o) => o.name));
      materials.push(...page.materials);
      collections.push(...page.collections.map((c) => c.name));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(5);
    expect(objects.sort()).toEqual(sceneNames);
    expect(materials).toContain("Material");
    expect(collections).toEqual(expect.arrayContaining(["Collection", "Props"]));
    const bad = await call("scene_overview", { cursor: "not-a-cursor" });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/cursor: not one this server gave/);
  });

  it("gives one object's details, names with quotes and accents included", async () => {
    const r = await call("object_details", { name: 'Café "Bar"' });
    expect(r.isError, textOf(r)).toBeFalsy();
    const d = r.structuredContent as { object: { name: string; collections: string[] }; materials: { name: string }[] };
    expect(d.object.name).toBe('Café "Bar"');
    expect(d.object.collections).toEqual(["Props"]);
    expect(d.materials.map((m) => m.name)).toEqual(["Material"]);
    const missing = await call("object_details", { name: "Nope" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/no object named "Nope"/);
  });

  it("renders views as one labelled montage, and the viewport, within the size asked", async () => {
    const r = await call("render_views", { cameras: ["Camera", "Side Camera"], maxSize: 512 });
    expect(r.isError, textOf(r)).toBeFalsy();
    const [montage] = imagesOf(r);
    expect(imagesOf(r)).toHaveLength(1);
    const m = await sharp(montage).metadata();
    expect(Math.max(m.width!, m.height!)).toBeLessThanOrEqual(512);
    expect(m.width!).toBeGreaterThan(m.height!); // two views side by side
    writeFileSync(path.join(OUT, "render-views-montage.png"), montage!);
    const v = await call("viewport_image", { maxSize: 256 });
    expect(v.isError, textOf(v)).toBeFalsy();
    const vm = await sharp(imagesOf(v)[0]).metadata();
    expect(Math.max(vm.width!, vm.height!)).toBeLessThanOrEqual(256);
    writeFileSync(path.join(OUT, "viewport.png"), imagesOf(v)[0]!);
  }, 120_000);

  it("previews in a worker (scene untouched), applies as one step, undoes it", async () => {
    const start = await cubeLocation();
    const code = 'import bpy\nbpy.data.objects["Cube"].location.x = 2.5\n';
    const early = await call("apply_program", { code, label: "move the cube" });
    expect(early.isError).toBe(true);
    expect(textOf(early)).toMatch(/preview this exact program first/);

    const preview = await call("preview_program", { code, cameras: ["Camera"], maxSize: 256 });
    expect(preview.isError, textOf(preview)).toBeFalsy();
    const changes = (preview.structuredContent as { changes: { name: string; to: string }[] }).changes;
    expect(changes.some((c) => c.to.includes("2.5"))).toBe(true);
    expect(imagesOf(preview)).toHaveLength(1);
    expect(await cubeLocation()).toEqual(start);

    const applied = await call("apply_program", { code, label: "move the cube", render: true, maxSize: 256 });
    expect(applied.isError, textOf(applied)).toBeFalsy();
    expect((await cubeLocation())[0]).toBeCloseTo(2.5);
    expect(imagesOf(applied)).toHaveLength(1);
    // Every call is logged with the size of its arguments, never their content.
    expect(mcp.stderr()).toMatch(/stdio: apply_program \(\d+ B of arguments\) ok/);
    expect(mcp.stderr()).not.toContain("location.x = 2.5");

    const undone = await call("undo", {});
    expect(undone.isError, textOf(undone)).toBeFalsy();
    expect(undone.structuredContent).toMatchObject({ undone: true, labels: ["move the cube"], remaining: [] });
    expect(await cubeLocation()).toEqual(start);
  }, 120_000);

  it("names the artist's own edits before undoing over them", async () => {
    const start = await cubeLocation();
    const code = 'import bpy\nbpy.data.objects["Cube"].location.y = 1.25\n';
    expect((await call("preview_program", { code })).isError).toBeFalsy();
    expect((await call("apply_program", { code, label: "nudge" })).isError).toBeFalsy();
    await blender.inWindow('bpy.data.objects["Cube"].location.y = 4.0');
    const asked = await call("undo", { label: "nudge" });
    expect(asked.structuredContent).toMatchObject({ undone: false, labels: ["nudge"] });
    expect((asked.structuredContent as { artistEdits: unknown[] }).artistEdits).toHaveLength(1);
    expect((await cubeLocation())[1]).toBeCloseTo(4.0);
    const undone = await call("undo", { label: "nudge", keepArtistEdits: false });
    expect(undone.structuredContent).toMatchObject({ undone: true });
    expect(await cubeLocation()).toEqual(start);
    const none = await call("undo", {});
    expect(none.isError).toBe(true);
    expect(textOf(none)).toMatch(/no agent edit to undo/);
  }, 120_000);

  it("waits for the artist's Accept in the panel, and takes a Reject", async () => {
    const start = await cubeLocation();
    const waitingAsk = async () => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const ask = await blender.inWindow<{ label: string; requestId: string } | null>(
          "from blender_agent import edit_requests\nresult = edit_requests.asks[0] if edit_requests.asks else None",
        );
        if (ask) return ask;
        if (Date.now() > deadline) throw new Error("no edit.ask reached the panel");
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const decide = (requestId: string, accept: boolean) =>
      blender.inWindow(
        `bpy.ops.blender_agent.edit_decide(request_id=${JSON.stringify(requestId)}, ` +
          `accept=${accept ? "True" : "False"})`,
      );
    const move = 'import bpy\nbpy.data.objects["Cube"].location.x = -1.5\n';
    expect((await call("preview_program", { code: move })).isError).toBeFalsy();
    const accepted = call("apply_program", { code: move, label: "ask first", askArtist: true });
    const ask = await waitingAsk();
    expect(ask.label).toBe("ask first");
    expect(await cubeLocation()).toEqual(start);
    await blender.screenshot(path.join(OUT, "panel-edit-ask.png"));
    await decide(ask.requestId, true);
    expect((await accepted).structuredContent).toMatchObject({ applied: true, decision: "accepted" });
    expect((await cubeLocation())[0]).toBeCloseTo(-1.5);

    const other = 'import bpy\nbpy.data.objects["Cube"].location.x = 3.0\n';
    expect((await call("preview_program", { code: other })).isError).toBeFalsy();
    const rejected = call("apply_program", { code: other, label: "ask again", askArtist: true });
    await decide((await waitingAsk()).requestId, false);
    expect((await rejected).structuredContent).toMatchObject({ applied: false, decision: "rejected" });
    expect((await cubeLocation())[0]).toBeCloseTo(-1.5);
    expect((await call("undo", {})).structuredContent).toMatchObject({ undone: true, labels: ["ask first"] });
    expect(await cubeLocation()).toEqual(start);
  }, 120_000);

  it("a raising program: its line in the preview; live, rolled back", async () => {
    const raising = 'import bpy\nx = 1\nraise ValueError("no such thing")\n';
    const r = await call("preview_program", { code: raising });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({ ok: false, error: { line: 3, type: "ValueError" } });
    expect(textOf(r)).toMatch(/line 3: ValueError: no such thing/);
    // Clean in a (background) worker, raising in the artist's window: rolled back there.
    const start = await cubeLocation();
    const liveOnly = [
      "import bpy",
      'bpy.data.objects["Cube"].location.z = 7.0',
      "if not bpy.app.background:",
      '    raise RuntimeError("only live")',
    ].join("\n");
    expect((await call("preview_program", { code: liveOnly })).isError).toBeFalsy();
    const applied = await call("apply_program", { code: liveOnly, label: "fails live" });
    expect(applied.isError).toBe(true);
    expect(applied.structuredContent).toMatchObject({ applied: false, error: { line: 4 } });
    expect(await cubeLocation()).toEqual(start);
  }, 120_000);

  it("an endless program is stopped at its deadline, in a worker and live", async () => {
    const started = Date.now();
    const r = await call("preview_program", { code: "while True:\n    pass\n", timeoutMs: 1500 });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/deadline|Timeout|took longer/i);
    expect(Date.now() - started).toBeLessThan(30_000);
    const start = await cubeLocation();
    const liveLoop = 'import bpy\nbpy.data.objects["Cube"].location.z = 3.0\nwhile not bpy.app.background:\n    pass\n';
    expect((await call("preview_program", { code: liveLoop })).isError).toBeFalsy();
    const applied = await call("apply_program", { code: liveLoop, label: "loops live", timeoutMs: 1500 });
    expect(applied.isError).toBe(true);
    expect(await cubeLocation()).toEqual(start);
    expect((await call("object_details", { name: "Cube" })).isError).toBeFalsy(); // Blender answers again
  }, 120_000);

  it("runs an agent episode: started paused, stepped with progress notifications, stopped, reverted", async () => {
    const start = await cubeLocation();
    const goal = await call("preview_program", {
      code: 'import bpy\nbpy.data.objects["Cube"].location.x = 1.0\n',
      cameras: ["Camera"],
      maxSize: 128,
      montage: false,
    });
    const goalFile = path.join(mkdtempSync(path.join(tmpdir(), "mcp-goal-")), "goal.png");
    writeFileSync(goalFile, imagesOf(goal)[0]!);
    const started = await call("start_episode", {
      goalImageFiles: [goalFile],
      cameras: ["Camera"],
      depth: 3,
      breadth: 2,
      size: 128,
      paused: true,
    });
    expect(started.isError, textOf(started)).toBeFalsy();
    const { episodeId, status } = started.structuredContent as { episodeId: string; status: string };
    expect(status).toBe("ready");
    const progress = recordProgress(mcp.client);
    const stepped = (await mcp.client.callTool({ name: "step", arguments: { episodeId } }, undefined, {
      onprogress: () => {},
      timeout: 120_000,
    })) as CallToolResult;
    expect(stepped.isError, textOf(stepped)).toBeFalsy();
    expect(stepped.structuredContent).toMatchObject({ iteration: 1, status: "paused" });
    expect(progress.map((p) => p.progress)).toEqual([0.5, 1]);
    expect(progress[1]!.message).toMatch(/^Iteration 1: /);
    const s = await call("episode_status", { episodeId });
    expect(imagesOf(s)).toHaveLength(1);
    writeFileSync(path.join(OUT, "episode-status.png"), imagesOf(s)[0]!);
    const stopped = await call("stop", { episodeId });
    expect(stopped.structuredContent).toMatchObject({ status: "stopped" });
    const record = await mcp.client.readResource({ uri: `blender-agent://episodes/${episodeId}` });
    expect(JSON.parse((record.contents[0] as { text: string }).text)).toMatchObject({ episodeId, iterations: 1 });
    const list = await mcp.client.readResource({ uri: "blender-agent://episodes" });
    const listed = JSON.parse((list.contents[0] as { text: string }).text) as { episodes: { episodeId: string }[] };
    expect(listed.episodes.map((e) => e.episodeId)).toContain(episodeId);

    // The artist moves the cube; the revert names that edit first, then puts the cube back at the start.
    await blender.inWindow('bpy.data.objects["Cube"].location.x = 4.0');
    const asked = await call("revert_episode", { episodeId });
    expect(asked.structuredContent).toMatchObject({ reverted: false });
    expect((asked.structuredContent as { artistEdits: { name: string }[] }).artistEdits.map((c) => c.name)).toEqual([
      "CUBE_LOCATION",
    ]);
    const reverted = await call("revert_episode", { episodeId, keepArtistEdits: false });
    expect(reverted.structuredContent).toMatchObject({ reverted: true });
    expect(await cubeLocation()).toEqual(start);
  }, 240_000);

  it("serves the selection and a collection as program resources", async () => {
    const r = await mcp.client.readResource({ uri: "blender://scene/program/selected" });
    const text = (r.contents[0] as { text: string }).text;
    expect(text).toMatch(/import bpy/);
    expect(text).toMatch(/Cube/);
    const props = await mcp.client.readResource({ uri: "blender://scene/collection/Props/program" });
    const propsText = (props.contents[0] as { text: string }).text;
    expect(propsText).toContain("CRATE_293_LOCATION");
    expect(propsText).not.toContain("CUBE_LOCATION");
  });
});

describe("the MCP server over streamable HTTP", () => {
  const mcpUrl = () => new URL(`${mcp.url.replace(/^ws/, "http")}/mcp`);
  const httpClient = async (token: string) => {
    const client = new Client({ name: "http-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(mcpUrl(), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    return client;
  };

  it("serves the same tools to a client holding the token", async () => {
    const client = await httpClient(mcp.token);
    const r = (await client.callTool({ name: "object_details", arguments: { name: "Cube" } })) as CallToolResult;
    expect(r.isError, textOf(r)).toBeFalsy();
    expect((await client.listTools()).tools.length).toBe(14);
    await client.close();
  });

  it("refuses a wrong token, a foreign Host (DNS rebinding) and a web page's origin", async () => {
    await expect(httpClient("x".repeat(32))).rejects.toThrow(/401|token/i);
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          mcpUrl(),
          {
            method: "POST",
            headers: { Authorization: `Bearer ${mcp.token}`, "Content-Type": "application/json", ...headers },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on("error", reject);
        req.end("{}");
      });
    expect(await status({ Host: `evil.example:${mcpUrl().port}` })).toBe(421);
    expect(await status({ Origin: "https://evil.example" })).toBe(403);
    expect(mcp.stderr()).not.toContain(mcp.token);
  });
});

describe("a headless scene (mcp --scene): no artist's Blender needed", () => {
  let headless: McpProcess;
  const scratch = mkdtempSync(path.join(tmpdir(), "mcp-headless-"));
  const hcall = (name: string, args: Record<string, unknown> = {}) =>
    headless.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  beforeAll(async () => {
    headless = await startMcp(["--workers", "1", "--scene", "tasks/scenes/simple_scene.py"]);
    await headless.printed(/headless scene \S+ loaded/, 90_000);
  }, 120_000);
  afterAll(() => headless?.close());

  it("looks, previews, applies (rolled back on failure), saves and undoes without a window", async () => {
    const overview = await hcall("scene_overview");
    expect(overview.isError, textOf(overview)).toBeFalsy();
    const { objects, activeCamera } = overview.structuredContent as {
      objects: { name: string; type: string; location: number[] }[];
      activeCamera: string;
    };
    expect(activeCamera).toBe("Camera1");
    const mesh = objects.find((o) => o.type === "MESH")!;
    const z = async () =>
      ((await hcall("object_details", { name: mesh.name })).structuredContent as { object: { location: number[] } })
        .object.location[2]!;
    const start = await z();
    const viewport = await hcall("viewport_image");
    expect(viewport.isError).toBe(true);
    expect(textOf(viewport)).toMatch(/no viewport: this sidecar edits a headless scene/);

    const code = `import bpy\nbpy.data.objects[${JSON.stringify(mesh.name)}].location.z = 2.75\n`;
    const preview = await hcall("preview_program", { code, maxSize: 256 });
    expect(preview.isError, textOf(preview)).toBeFalsy();
    expect(await z()).toBeCloseTo(start);
    expect((await hcall("apply_program", { code, label: "raise it" })).isError).toBeFalsy();
    expect(await z()).toBeCloseTo(2.75);

    // Clean in a pool worker, raising in the scene's own Blender: back to the snapshot before it.
    const failing = [
      "import os",
      "import bpy",
      `bpy.data.objects[${JSON.stringify(mesh.name)}].location.z = 9.0`,
      'if "-scene-" in os.environ.get("HOME", ""):',
      '    raise RuntimeError("only in the scene\'s own Blender")',
    ].join("\n");
    expect((await hcall("preview_program", { code: failing })).isError).toBeFalsy();
    const failed = await hcall("apply_program", { code: failing, label: "fails there" });
    expect(failed.structuredContent).toMatchObject({ applied: false, error: { line: 5 } });
    expect(await z()).toBeCloseTo(2.75);

    const file = path.join(scratch, "edited.blend");
    const saved = await hcall("save_scene", { path: file });
    expect(saved.isError, textOf(saved)).toBeFalsy();
    const inFile = spawnSync(findBlender(), [
      "-b",
      file,
      "--python-expr",
      `import bpy; print("Z=%.4f" % bpy.data.objects[${JSON.stringify(mesh.name)}].location.z)`,
    ]).stdout.toString();
    expect(inFile).toContain("Z=2.7500");
    expect((await hcall("undo")).structuredContent).toMatchObject({ undone: true, labels: ["raise it"] });
    expect(await z()).toBeCloseTo(start);
  }, 180_000);

  it("runs an episode on it to the end, with progress, judged from its active camera", async () => {
    const goal = await hcall("preview_program", {
      code: 'import bpy\nbpy.data.objects["Camera1"].data.lens = 40.0\n',
      maxSize: 64,
      montage: false,
    });
    const progress = recordProgress(headless.client);
    const done = (await headless.client.callTool(
      {
        name: "start_episode",
        arguments: {
          goalImages: [imagesOf(goal)[0]!.toString("base64")],
          scope: "scene",
          depth: 2,
          breadth: 2,
          size: 64,
          wait: true,
        },
      },
      undefined,
      { onprogress: () => {}, timeout: 170_000 },
    )) as CallToolResult;
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(done.structuredContent).toMatchObject({ status: "finished", iteration: 2, views: ["Camera1"] });
    expect(progress.map((p) => p.progress)).toEqual([0.5, 1, 1.5, 2]);
  }, 180_000);
});

describe("read-only mode", () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(["--port", "0", "--workers", "0", "--read-only"]);
  });
  afterAll(() => serve?.stop());

  it("offers only the tools that read, and preview_program", async () => {
    const client = new Client({ name: "ro-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${serve.url.replace(/^ws/, "http")}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${serve.token}` } },
      }),
    );
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(["object_details", "preview_program", "render_views", "scene_overview", "viewport_image"]);
    const r = (await client.callTool({ name: "scene_overview", arguments: {} })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/no Blender is connected/);
    await client.close();
  });
});
