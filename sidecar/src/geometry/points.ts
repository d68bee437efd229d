/** Decode `geometry.sample` points (little-endian float32 xyz triples, base64). */
export function decodePoints(base64: string): Float32Array {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length % 12 !== 0)
    throw new Error(`point data of ${bytes.length} bytes is not a whole number of xyz float32 triples`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}
