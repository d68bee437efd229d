/**
 * The wire's version. Both peers send it in `session.hello`; the sidecar refuses a
 * Blender whose major version differs. Bump the minor for additive changes.
 */
export const PROTOCOL_VERSION = "2.1";

/** Two versions interoperate when their major numbers match. */
export function protocolCompatible(a: string, b: string): boolean {
  return a.split(".")[0] === b.split(".")[0];
}
