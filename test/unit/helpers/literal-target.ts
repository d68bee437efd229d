/** The Blender property a traced literal sets, as `program.analyze` reports it, for the agent's unit tests. */
import type { LiteralTarget } from "../../../protocol/src/index.js";

/** A float property with no limits (RNA's ±FLT_MAX), as given otherwise. */
export function literalTarget(t: Partial<LiteralTarget> & Pick<LiteralTarget, "property">): LiteralTarget {
  return {
    type: "float",
    subtype: "NONE",
    unit: "NONE",
    hardMin: -3.4e38,
    hardMax: 3.4e38,
    softMin: -3.4e38,
    softMax: 3.4e38,
    scale: 1,
    ...t,
  };
}
