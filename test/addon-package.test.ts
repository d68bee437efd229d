import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { findBlender } from "../sidecar/src/pool/blender-binary.js";
import { blenderAtLeast } from "./helpers/blender-version.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));

describe("the add-on as a package", () => {
  // 4.2 and later install it as an extension (blender_manifest.toml), under bl_ext.<repo>.;
  // older Blenders as a legacy add-on (bl_info).
  const extension = blenderAtLeast(4, 2);
  const install = extension
    ? {
        how: "bpy.ops.extensions.package_install_files(filepath=ZIP, repo='user_default', enable_on_install=True)",
        module: "bl_ext.user_default.blender_agent",
      }
    : {
        how:
          "bpy.ops.preferences.addon_install(filepath=ZIP)\n" +
          "bpy.ops.preferences.addon_enable(module='blender_agent')",
        module: "blender_agent",
      };

  const kind = extension ? "an extension" : "a legacy add-on";
  it(`npm run addon:zip makes a zip that Blender installs (${kind}), enables and registers`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), "blender-agent-zip-"));
    try {
      const zip = path.join(dir, "blender_agent.zip");
      execFileSync("python3", ["blender-addon/build_zip.py", zip], { cwd: REPO });
      const listing = execFileSync("python3", ["-m", "zipfile", "-l", zip], { encoding: "utf8" });
      expect(listing).toContain("blender_agent/__init__.py");
      expect(listing).toContain("blender_agent/blender_manifest.toml");
      expect(listing).not.toContain("__pycache__");
      const check = [
        "import bpy",
        `ZIP = ${JSON.stringify(zip)}`,
        install.how,
        "assert hasattr(bpy.types, 'VIEW3D_PT_blender_agent'), 'panel not registered'",
        "assert hasattr(bpy.types, 'BLENDER_AGENT_OT_connect'), 'connect operator not registered'",
        `print('ADDON-OK', bpy.context.preferences.addons['${install.module}'].preferences.url)`,
      ].join("\n");
      const env = {
        ...process.env,
        BLENDER_USER_SCRIPTS: path.join(dir, "scripts"),
        BLENDER_USER_CONFIG: path.join(dir, "config"),
        BLENDER_USER_EXTENSIONS: path.join(dir, "extensions"),
      };
      const out = execFileSync(
        findBlender(),
        ["-b", "--factory-startup", "--python-exit-code", "1", "--python-expr", check],
        { env, encoding: "utf8" },
      );
      expect(out).toContain("ADDON-OK ws://127.0.0.1:8765");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the add-on's PNG encoder writes images that sharp decodes to the same pixels", async () => {
    // 3×2 RGBA, rows given bottom-first as OpenGL reads them.
    const script = [
      "import sys, base64",
      "sys.path.insert(0, 'blender-addon')",
      "from blender_agent.imaging.png import encode_rgba",
      "rows_bottom_first = bytes([0,0,255,255, 0,255,0,255, 255,0,0,255,  10,20,30,255, 40,50,60,128, 70,80,90,0])",
      "print(base64.b64encode(encode_rgba(3, 2, rows_bottom_first, flip_vertically=True)).decode())",
    ].join("\n");
    const png = Buffer.from(execFileSync("python3", ["-c", script], { cwd: REPO, encoding: "utf8" }).trim(), "base64");
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([3, 2, 4]);
    expect(Array.from(data)).toEqual([
      10, 20, 30, 255, 40, 50, 60, 128, 70, 80, 90, 0, 0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255,
    ]);
  });
});
