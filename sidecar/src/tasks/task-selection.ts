import { CATEGORIES } from "./task-schema.js";

/** `*` matches any run of characters; nothing else is special. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}

/** Which tasks a selection names, and which of its parts named none so far. */
export interface TaskMatcher {
  matches(key: string): boolean;
  /** Parts that matched no task key given to `matches`. */
  unmatched(): string[];
}

/**
 * The one grammar of every command that takes tasks (`--task`, `--tasks`): parts separated
 * by commas, each a category ("placement"), a task id ("desk-chair-tuck-in"), a key
 * ("placement/desk-chair-tuck-in"), or a glob over ids or keys ("desk-*", "placement/*-easy").
 */
export function taskMatcher(spec: string): TaskMatcher {
  const parts = spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((part) => {
      const pattern = (CATEGORIES as readonly string[]).includes(part) ? `${part}/*` : part;
      const re = globToRegExp(pattern);
      // Without a "/", the part names ids in any category.
      const test = pattern.includes("/") ? (key: string) => re.test(key) : (key: string) => re.test(key.split("/")[1]!);
      return { part, test, matched: false };
    });
  return {
    matches(key) {
      let any = false;
      for (const p of parts) {
        if (!p.test(key)) continue;
        p.matched = true;
        any = true;
      }
      return any;
    },
    unmatched: () => parts.filter((p) => !p.matched).map((p) => p.part),
  };
}
