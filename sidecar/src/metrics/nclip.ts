import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

/**
 * N-CLIP as BlenderGym reports it: 1 − cosine similarity of CLIP ViT-B/32 image embeddings
 * (the model's own 224 px preprocessing: resize the short side, centre crop, normalise),
 * averaged over views. Runs the vision tower of a CLIP ONNX export through
 * transformers.js on the CPU, from a LOCAL folder only: nothing is fetched at run time.
 *
 * Preprocessing is done here, as Hugging Face's CLIPImageProcessor does it in Python
 * (bicubic resize, centre crop, rescale, normalise), with the numbers from the folder's
 * preprocessor_config.json, and sharp's cubic resize. transformers.js' own Node resize
 * (sharp's affine: no antialiasing, a black right/bottom edge when enlarging) strays far
 * from PIL (mean |Δ| 23/255 on a finely patterned 512² image at 512→224); sharp's cubic
 * resize is close to PIL's when shrinking (renders of 224 px and more), less so when
 * enlarging smaller ones.
 *
 * The folder is laid out as transformers.js expects (Xenova/clip-vit-base-patch32 is):
 * config.json, preprocessor_config.json and onnx/vision_model.onnx (or its
 * _quantized / _fp16 variant). It comes from `ClipScorer.load(dir)` or, when no folder is
 * given, from BLENDER_AGENT_CLIP_MODEL. Unlike the reference harness, which reloads CLIP on
 * every call, a model is loaded once per process and folder, and reused.
 *
 * Without a usable model the answer is `{ available: false, reason }`, never a number.
 */

export const CLIP_MODEL_ENV = "BLENDER_AGENT_CLIP_MODEL";

export type Unavailable = { available: false; reason: string };

/** Vision-tower files, most faithful first: fp32 matches the reference's PyTorch fp32. */
const VISION_FILES = [
  { file: "onnx/vision_model.onnx", dtype: "fp32" },
  { file: "onnx/vision_model_quantized.onnx", dtype: "q8" },
  { file: "onnx/vision_model_fp16.onnx", dtype: "fp16" },
] as const;

export const NO_MODEL_REASON =
  `no CLIP model: set ${CLIP_MODEL_ENV} to a local folder with a CLIP ViT-B/32 ONNX export ` +
  "(config.json, preprocessor_config.json, onnx/vision_model.onnx; see README)";

/** What CLIPImageProcessor does, as read from preprocessor_config.json. */
export type ClipPreprocessing = {
  /** Resize so the short side is this long (CLIP), or to exactly width × height. */
  resize: { shortestEdge: number } | { width: number; height: number } | null;
  crop: { width: number; height: number } | null;
  rescale: number | null;
  mean: readonly number[] | null;
  std: readonly number[] | null;
};

type VisionModel = ((inputs: { pixel_values: unknown }) => Promise<Record<string, EmbedTensor | undefined>>) & {
  dispose(): Promise<unknown>;
};
type EmbedTensor = { dims: number[]; data: ArrayLike<number> };
type TensorCtor = new (type: "float32", data: Float32Array, dims: number[]) => unknown;

export class ClipScorer {
  readonly available = true as const;

  private constructor(
    /** Absolute folder the model was loaded from. */
    readonly modelDir: string,
    /** The ONNX file used, relative to modelDir, e.g. "onnx/vision_model.onnx". */
    readonly modelFile: string,
    readonly preprocessing: ClipPreprocessing,
    private readonly model: VisionModel,
    private readonly Tensor: TensorCtor,
  ) {}

  /**
   * The scorer for `modelDir` (else $BLENDER_AGENT_CLIP_MODEL), loaded on first use and
   * cached for the process; or why there is none. A failed load is not cached, so a
   * folder filled in later is picked up by the next call.
   */
  static load(modelDir?: string): Promise<ClipScorer | Unavailable> {
    const given = modelDir ?? process.env[CLIP_MODEL_ENV];
    if (given === undefined || given.trim() === "") return Promise.resolve(unavailable(NO_MODEL_REASON));
    const source = modelDir !== undefined ? "" : ` (from ${CLIP_MODEL_ENV})`;
    const dir = path.resolve(given);
    const cached = cache.get(dir);
    if (cached) return cached;
    const loading = ClipScorer.loadFrom(dir, source).then((r) => {
      if (!r.available) cache.delete(dir);
      return r;
    });
    cache.set(dir, loading);
    return loading;
  }

  private static async loadFrom(dir: string, source: string): Promise<ClipScorer | Unavailable> {
    const found = checkClipFolder(dir, source);
    if ("problem" in found) return unavailable(found.problem);
    const prep = readClipPreprocessing(dir);
    if ("problem" in prep) return unavailable(`CLIP model folder ${dir}${source}: ${prep.problem}`);
    let tjs: typeof import("@huggingface/transformers");
    try {
      tjs = await import("@huggingface/transformers"); // loaded lazily: the ONNX runtime is large
    } catch (e) {
      return unavailable(
        `N-CLIP needs @huggingface/transformers and its ONNX runtime, which did not load: ${(e as Error).message}`,
      );
    }
    const { env, CLIPVisionModelWithProjection, Tensor } = tjs;
    // Local files only. The folder is passed as an absolute path, which transformers.js reads
    // as-is; localModelPath (used only for hub-style ids) points at its parent for good measure.
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(dir);
    env.useFSCache = false; // no copies under node_modules, no stale hits from another folder
    env.useBrowserCache = false;
    try {
      const opts = { local_files_only: true } as const;
      const model = (await CLIPVisionModelWithProjection.from_pretrained(dir, {
        ...opts,
        device: "cpu",
        dtype: found.dtype as "fp32",
      })) as unknown as VisionModel;
      return new ClipScorer(dir, found.file, prep.preprocessing, model, Tensor as unknown as TensorCtor);
    } catch (e) {
      return unavailable(
        `CLIP model folder ${dir}${source} could not be loaded from ${found.file}: ${(e as Error).message}`,
      );
    }
  }

  /** Frees the ONNX session; the scorer is unusable afterwards. */
  async dispose(): Promise<void> {
    await this.model.dispose();
  }

  /** L2-normalised image embeddings, one per PNG (or any image sharp decodes). */
  async embed(images: readonly Buffer[]): Promise<Float64Array[]> {
    if (images.length === 0) return [];
    const chw = await Promise.all(images.map((png) => clipPixelValues(png, this.preprocessing)));
    const { width, height } = chw[0]!;
    if (chw.some((x) => x.width !== width || x.height !== height))
      throw new Error("CLIP preprocessing gave images of different sizes (no centre crop?)");
    const batch = new Float32Array(chw.length * 3 * width * height);
    for (const [i, x] of chw.entries()) batch.set(x.data, i * x.data.length);
    const pixel_values = new this.Tensor("float32", batch, [chw.length, 3, height, width]);
    const out = await this.model({ pixel_values });
    const emb = out.image_embeds;
    if (emb?.dims.length !== 2 || emb.dims[0] !== images.length) {
      throw new Error(
        `CLIP model in ${this.modelDir} gave no image_embeds of shape [${images.length}, D] ` +
          `(outputs: ${Object.keys(out).join(", ")})`,
      );
    }
    const d = emb.dims[1]!;
    return images.map((_, i) => {
      const v = Float64Array.from({ length: d }, (_, j) => emb.data[i * d + j]!);
      const norm = Math.hypot(...v);
      if (!(norm > 0) || !Number.isFinite(norm)) throw new Error(`CLIP embedding ${i} has norm ${norm}`);
      return v.map((x) => x / norm);
    });
  }

  /** N-CLIP averaged over views given in the same order on both sides. */
  async nclip(a: readonly Buffer[], b: readonly Buffer[]): Promise<number> {
    if (a.length !== b.length || a.length === 0)
      throw new Error(`N-CLIP needs the same non-zero number of views on both sides (got ${a.length} and ${b.length})`);
    const emb = await this.embed([...a, ...b]); // one batch for all views
    let sum = 0;
    for (let i = 0; i < a.length; i++) {
      const ea = emb[i]!;
      const eb = emb[a.length + i]!;
      let dot = 0;
      for (let j = 0; j < ea.length; j++) dot += ea[j]! * eb[j]!;
      sum += 1 - dot;
    }
    return sum / a.length;
  }
}

/** What the bench holds: a loaded scorer, or why there is none. */
export type ClipMetric = ClipScorer | Unavailable;

/** `ClipScorer.load` under the name the bench uses. */
export function loadClipMetric(modelDir?: string): Promise<ClipMetric> {
  return ClipScorer.load(modelDir);
}

/** N-CLIP over views, or why it cannot be computed ("n/a" with a reason), never a made-up number. */
export async function nclipViews(
  a: readonly Buffer[],
  b: readonly Buffer[],
  modelDir?: string,
): Promise<{ available: true; nclip: number } | Unavailable> {
  const scorer = await ClipScorer.load(modelDir);
  if (!scorer.available) return scorer;
  return { available: true, nclip: await scorer.nclip(a, b) };
}

/** Drop cached models (tests; freeing memory). */
export async function disposeClipScorers(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const s of await Promise.all(all)) if (s.available) await s.dispose();
}

const cache = new Map<string, Promise<ClipScorer | Unavailable>>();

function unavailable(reason: string): Unavailable {
  return { available: false, reason };
}

/** What is wrong with a model folder, or which vision-tower file to load from it. */
export function checkClipFolder(dir: string, source = ""): { problem: string } | { file: string; dtype: string } {
  const where = `CLIP model folder ${dir}${source}`;
  if (!existsSync(dir)) return { problem: `${where} does not exist` };
  if (!statSync(dir).isDirectory()) return { problem: `${where} is not a folder` };
  const missing: string[] = [];
  for (const f of ["config.json", "preprocessor_config.json"]) if (!existsSync(path.join(dir, f))) missing.push(f);
  const vision = VISION_FILES.find((v) => existsSync(path.join(dir, v.file)));
  if (!vision) missing.push(`${VISION_FILES.map((v) => v.file).join(" or ")}`);
  if (!vision || missing.length > 0)
    return {
      problem:
        `${where} lacks ${missing.join(", ")} (expected a CLIP ViT-B/32 ONNX export ` +
        `laid out for transformers.js, e.g. Xenova/clip-vit-base-patch32)`,
    };
  // Only ViT-B/32 gives numbers comparable with BlenderGym's.
  let config: {
    model_type?: string;
    patch_size?: number;
    hidden_size?: number;
    vision_config?: { patch_size?: number; hidden_size?: number };
  };
  try {
    config = JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8")) as typeof config;
  } catch (e) {
    return { problem: `${where}: config.json is not valid JSON (${(e as Error).message})` };
  }
  // Absent keys take CLIPVisionConfig's defaults, which are ViT-B/32's.
  const { patch_size = 32, hidden_size = 768 } = config.vision_config ?? config;
  if (patch_size !== 32 || hidden_size !== 768) {
    return {
      problem:
        `${where} is not CLIP ViT-B/32 ` +
        `(config.json says patch_size ${patch_size}, hidden_size ${hidden_size}; want 32 and 768)`,
    };
  }
  return vision;
}

/** Reads preprocessor_config.json the way CLIPImageProcessor does (bicubic only). */
export function readClipPreprocessing(dir: string): { preprocessing: ClipPreprocessing } | { problem: string } {
  type Size = number | { shortest_edge?: number; height?: number; width?: number };
  let c: {
    do_resize?: boolean;
    size?: Size;
    resample?: number;
    do_center_crop?: boolean;
    crop_size?: Size;
    do_rescale?: boolean;
    rescale_factor?: number;
    do_normalize?: boolean;
    image_mean?: number[];
    image_std?: number[];
  };
  try {
    c = JSON.parse(readFileSync(path.join(dir, "preprocessor_config.json"), "utf8")) as typeof c;
  } catch (e) {
    return { problem: `preprocessor_config.json is not valid JSON (${(e as Error).message})` };
  }
  let resize: ClipPreprocessing["resize"] = null;
  if (c.do_resize ?? true) {
    if ((c.resample ?? 3) !== 3)
      return {
        problem:
          `preprocessor_config.json asks for resample ${c.resample}; ` +
          `only bicubic (3), as CLIP uses, is implemented`,
      };
    const s = c.size ?? 224;
    if (typeof s === "number") resize = { shortestEdge: s };
    else if (s.shortest_edge) resize = { shortestEdge: s.shortest_edge };
    else if (s.width && s.height) resize = { width: s.width, height: s.height };
    else return { problem: `preprocessor_config.json has a size it does not explain: ${JSON.stringify(s)}` };
  }
  let crop: ClipPreprocessing["crop"] = null;
  if (c.do_center_crop ?? true) {
    const s = c.crop_size ?? 224;
    if (typeof s === "number") crop = { width: s, height: s };
    else if (s.width && s.height) crop = { width: s.width, height: s.height };
    else return { problem: `preprocessor_config.json has a crop_size it does not explain: ${JSON.stringify(s)}` };
  }
  const normalize = c.do_normalize ?? true;
  if (normalize && (c.image_mean?.length !== 3 || c.image_std?.length !== 3)) {
    return { problem: "preprocessor_config.json lacks a 3-channel image_mean and image_std" };
  }
  return {
    preprocessing: {
      resize,
      crop,
      rescale: (c.do_rescale ?? true) ? (c.rescale_factor ?? 1 / 255) : null,
      mean: normalize ? c.image_mean! : null,
      std: normalize ? c.image_std! : null,
    },
  };
}

/**
 * One image as CLIP's pixel_values (float32, channels first), as CLIPImageProcessor makes
 * them: RGB (alpha dropped, as PIL's convert("RGB")), bicubic resize, centre crop
 * (offsets rounded down), ×rescale, (x − mean) / std.
 */
export async function clipPixelValues(
  image: Buffer,
  p: ClipPreprocessing,
): Promise<{ data: Float32Array; width: number; height: number }> {
  const meta = await sharp(image).metadata();
  let w = meta.width!;
  let h = meta.height!;
  let pipeline = sharp(image).removeAlpha().toColourspace("srgb");
  if (p.resize) {
    let ow: number;
    let oh: number;
    if ("shortestEdge" in p.resize) {
      const e = p.resize.shortestEdge;
      // transformers' get_resize_output_image_size(default_to_square=False): long side truncated
      [ow, oh] = w <= h ? [e, Math.trunc((e * h) / w)] : [Math.trunc((e * w) / h), e];
    } else {
      [ow, oh] = [p.resize.width, p.resize.height];
    }
    // sharp's cubic kernel is PIL's bicubic (Catmull-Rom); they agree when shrinking (renders
    // of 224 px and more) and differ by a few levels when enlarging smaller ones.
    pipeline = pipeline.resize(ow, oh, { kernel: "cubic", fit: "fill" });
    [w, h] = [ow, oh];
  }
  const px = await pipeline.raw().toBuffer();
  let x0 = 0;
  let y0 = 0;
  let cw = w;
  let ch = h;
  if (p.crop) {
    if (p.crop.width > w || p.crop.height > h)
      throw new Error(
        `CLIP preprocessing: a ${w}×${h} image is smaller than the ${p.crop.width}×${p.crop.height} crop`,
      );
    [cw, ch] = [p.crop.width, p.crop.height];
    x0 = Math.floor((w - cw) / 2);
    y0 = Math.floor((h - ch) / 2);
  }
  const out = new Float32Array(3 * cw * ch);
  const plane = cw * ch;
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const src = ((y + y0) * w + (x + x0)) * 3;
      for (let c = 0; c < 3; c++) {
        let v = px[src + c]!;
        if (p.rescale !== null) v *= p.rescale;
        if (p.mean && p.std) v = (v - p.mean[c]!) / p.std[c]!;
        out[c * plane + y * cw + x] = v;
      }
    }
  }
  return { data: out, width: cw, height: ch };
}
