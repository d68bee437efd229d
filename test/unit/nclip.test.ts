import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CLIP_MODEL_ENV,
  ClipScorer,
  disposeClipScorers,
  NO_MODEL_REASON,
  nclipViews,
} from "../../sidecar/src/metrics/nclip.js";

// CLIP's own preprocessing (openai/clip-vit-base-patch32's preprocessor_config.json).
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];
const PREPROCESSOR = {
  crop_size: 224,
  do_center_crop: true,
  do_normalize: true,
  do_resize: true,
  feature_extractor_type: "CLIPFeatureExtractor",
  image_mean: MEAN,
  image_std: STD,
  resample: 3,
  size: 224,
};
const VIT_B32_CONFIG = {
  model_type: "clip",
  vision_config: { patch_size: 32, hidden_size: 768, image_size: 224 },
  text_config: {},
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "nclip-test-"));
});
afterAll(async () => {
  await disposeClipScorers();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function solid(r: number, g: number, b: number, size = 64): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 4, background: { r, g, b, alpha: 1 } } })
    .png()
    .toBuffer();
}

describe("N-CLIP: loading a CLIP model, or saying why not", () => {
  it("with no folder given (no option, no env) says to set BLENDER_AGENT_CLIP_MODEL", async () => {
    vi.stubEnv(CLIP_MODEL_ENV, "");
    const r = await ClipScorer.load();
    expect(r.available).toBe(false);
    if (r.available) return;
    expect(r.reason).toBe(NO_MODEL_REASON);
    expect(r.reason).toMatch(
      /^no CLIP model: set BLENDER_AGENT_CLIP_MODEL to a local folder with a CLIP ViT-B\/32 ONNX export/,
    );
    // the convenience wrapper answers n/a with the same reason, no number
    expect(await nclipViews([await solid(1, 2, 3)], [await solid(1, 2, 3)])).toEqual({
      available: false,
      reason: NO_MODEL_REASON,
    });
  });

  it("names a folder that does not exist, and where it came from", async () => {
    const missing = path.join(root, "no-such-model");
    const r = await ClipScorer.load(missing);
    expect(r).toEqual({ available: false, reason: `CLIP model folder ${missing} does not exist` });
    vi.stubEnv(CLIP_MODEL_ENV, missing);
    const fromEnv = await ClipScorer.load();
    expect(fromEnv.available).toBe(false);
    if (!fromEnv.available)
      expect(fromEnv.reason).toBe(`CLIP model folder ${missing} (from ${CLIP_MODEL_ENV}) does not exist`);
  });

  it("names the folder and each missing file when the folder lacks the model", async () => {
    const empty = path.join(root, "empty");
    mkdirSync(empty);
    const r = await ClipScorer.load(empty);
    expect(r.available).toBe(false);
    if (r.available) return;
    expect(r.reason).toContain(`CLIP model folder ${empty} lacks`);
    expect(r.reason).toContain("config.json");
    expect(r.reason).toContain("preprocessor_config.json");
    expect(r.reason).toContain("onnx/vision_model.onnx");

    // only the ONNX file missing: named alone
    writeFileSync(path.join(empty, "config.json"), JSON.stringify(VIT_B32_CONFIG));
    writeFileSync(path.join(empty, "preprocessor_config.json"), JSON.stringify(PREPROCESSOR));
    const r2 = await ClipScorer.load(empty);
    expect(r2.available).toBe(false);
    if (!r2.available) {
      expect(r2.reason).toContain(`CLIP model folder ${empty} lacks onnx/vision_model.onnx`);
      expect(r2.reason).not.toContain("config.json");
    }
  });

  it("refuses a CLIP that is not ViT-B/32, whose numbers would not compare", async () => {
    const dir = path.join(root, "vit-b16");
    writeTinyModel(dir, { ...VIT_B32_CONFIG, vision_config: { patch_size: 16, hidden_size: 768, image_size: 224 } });
    const r = await ClipScorer.load(dir);
    expect(r.available).toBe(false);
    if (!r.available)
      expect(r.reason).toBe(
        `CLIP model folder ${dir} is not CLIP ViT-B/32 ` +
          `(config.json says patch_size 16, hidden_size 768; want 32 and 768)`,
      );
  });

  it("reports an ONNX file that the runtime cannot read, naming folder and file", async () => {
    const dir = path.join(root, "corrupt");
    writeTinyModel(dir, VIT_B32_CONFIG);
    writeFileSync(path.join(dir, "onnx", "vision_model.onnx"), "not an onnx model");
    const r = await ClipScorer.load(dir);
    expect(r.available).toBe(false);
    if (!r.available)
      expect(r.reason).toContain(`CLIP model folder ${dir} could not be loaded from onnx/vision_model.onnx: `);
  });
});

describe("N-CLIP through transformers.js and onnxruntime-node, offline, on a tiny stand-in model", () => {
  // The stand-in "vision tower" is the per-channel mean of the preprocessed pixels: its
  // embedding of a solid colour is known exactly, so the whole path (PNG decode, CLIP
  // preprocessing, ONNX session, cosine, averaging over views) is checked against numbers.
  let dir: string;
  beforeAll(() => {
    dir = path.join(root, "tiny");
    writeTinyModel(dir, VIT_B32_CONFIG);
  });

  it("loads once per folder, caches, and scores identical views 0 and colours as computed by hand", async () => {
    const scorer = await ClipScorer.load(dir);
    if (!scorer.available) throw new Error(scorer.reason);
    expect(scorer.modelFile).toBe("onnx/vision_model.onnx");
    expect(await ClipScorer.load(dir)).toBe(scorer); // same instance: loaded once
    vi.stubEnv(CLIP_MODEL_ENV, dir);
    expect(await ClipScorer.load()).toBe(scorer);

    const red = await solid(255, 0, 0);
    const blue = await solid(0, 0, 255, 100); // another size: each image is preprocessed on its own
    expect(await scorer.nclip([red, blue], [red, blue])).toBeCloseTo(0, 6);

    const emb = (rgb: number[]) => rgb.map((v, c) => (v / 255 - MEAN[c]!) / STD[c]!);
    const cos = (x: number[], y: number[]) => {
      const dot = x.reduce((s, v, i) => s + v * y[i]!, 0);
      return dot / Math.hypot(...x) / Math.hypot(...y);
    };
    const redBlue = 1 - cos(emb([255, 0, 0]), emb([0, 0, 255]));
    expect(redBlue).toBeGreaterThan(0.5);
    expect(await scorer.nclip([red], [blue])).toBeCloseTo(redBlue, 4);
    // averaged over views: one identical pair (0) and one red/blue pair
    expect(await scorer.nclip([red, red], [red, blue])).toBeCloseTo(redBlue / 2, 4);
    await expect(scorer.nclip([red], [red, blue])).rejects.toThrow(/same non-zero number of views/);
  });
});

describe("N-CLIP with a real CLIP ViT-B/32", () => {
  it.skipIf(!process.env[CLIP_MODEL_ENV])(
    `identical images score ≈ 0 (needs ${CLIP_MODEL_ENV}; skipped without it)`,
    async () => {
      const scorer = await ClipScorer.load();
      if (!scorer.available) throw new Error(scorer.reason);
      const noise = (seed: number) => {
        const px = Buffer.alloc(256 * 256 * 3);
        let s = seed;
        for (let i = 0; i < px.length; i++) {
          s = (s * 1103515245 + 12345) >>> 0;
          px[i] = s >>> 24;
        }
        return sharp(px, { raw: { width: 256, height: 256, channels: 3 } })
          .png()
          .toBuffer();
      };
      const a = await noise(1);
      const b = await solid(200, 40, 40, 256);
      expect(await scorer.nclip([a, b], [a, b])).toBeLessThan(1e-5);
      expect(await scorer.nclip([a], [b])).toBeGreaterThan(0.01);
    },
  );
});

// ---------------------------------------------------------------------------------------
// A tiny CLIP-shaped ONNX model, written as protobuf by hand (no extra dependency):
// pixel_values [batch, 3, 224, 224] → ReduceMean over H, W → MatMul by I₃ → image_embeds [batch, 3].

function writeTinyModel(dir: string, config: object): void {
  mkdirSync(path.join(dir, "onnx"), { recursive: true });
  writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
  writeFileSync(path.join(dir, "preprocessor_config.json"), JSON.stringify(PREPROCESSOR));
  writeFileSync(path.join(dir, "onnx", "vision_model.onnx"), tinyVisionOnnx());
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const int = (field: number, n: number) => Buffer.from([...varint(field << 3), ...varint(n)]);
const bytes = (field: number, b: Buffer | string) => {
  const buf = typeof b === "string" ? Buffer.from(b, "utf8") : b;
  return Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(buf.length)]), buf]);
};
const msg = (field: number, ...parts: Buffer[]) => bytes(field, Buffer.concat(parts));

function tensorType(field: number, name: string, dims: Array<number | string>): Buffer {
  const shape = dims.map((d) => msg(1, typeof d === "number" ? int(1, d) : bytes(2, d)));
  // ValueInfoProto{name=1, type=2: TypeProto{tensor_type=1: {elem_type=1 (FLOAT), shape=2}}}
  return msg(field, bytes(1, name), msg(2, msg(1, int(1, 1), msg(2, ...shape))));
}

function tinyVisionOnnx(): Buffer {
  const reduce = msg(
    1, // NodeProto
    bytes(1, "pixel_values"),
    bytes(2, "pooled"),
    bytes(3, "pool"),
    bytes(4, "ReduceMean"),
    msg(5, bytes(1, "axes"), int(8, 2), int(8, 3), int(20, 7)), // INTS
    msg(5, bytes(1, "keepdims"), int(3, 0), int(20, 2)), // INT
  );
  const matmul = msg(
    1,
    bytes(1, "pooled"),
    bytes(1, "W"),
    bytes(2, "image_embeds"),
    bytes(3, "project"),
    bytes(4, "MatMul"),
  );
  const w = Buffer.alloc(9 * 4);
  for (let i = 0; i < 3; i++) w.writeFloatLE(1, (i * 3 + i) * 4);
  const init = msg(5, int(1, 3), int(1, 3), int(2, 1), bytes(8, "W"), bytes(9, w)); // TensorProto
  const graph = msg(
    7,
    reduce,
    matmul,
    bytes(2, "tiny_clip_vision"),
    init,
    tensorType(11, "pixel_values", ["batch", 3, 224, 224]),
    tensorType(12, "image_embeds", ["batch", 3]),
  );
  // ModelProto{ir_version=1: 7, producer_name=2, graph=7, opset_import=8: {domain="", version=13}}
  return Buffer.concat([int(1, 7), bytes(2, "nclip-test"), graph, msg(8, bytes(1, ""), int(2, 13))]);
}
