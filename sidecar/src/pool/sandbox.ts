import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { blenderRoot, findOnPath, ROOT_BLENDER } from "./blender-binary.js";

/**
 * Where candidate programs run. "bwrap": inside bubblewrap (Linux): the system read-only,
 * no network, no view of the user's files, only the worker's scratch folder writable.
 * "off": as the sidecar's user, with the allow-listed environment only. "auto": bwrap
 * where it works, else off with a warning.
 */
export const SandboxMode = z.enum(["auto", "bwrap", "off"]);
export type SandboxMode = z.infer<typeof SandboxMode>;

/** What one worker may see, besides the system's programs and libraries. */
export interface WorkerMounts {
  /** Whose /usr and parts of /etc the worker sees: this machine's ("/"), or a blender:get root's. */
  system?: string;
  /** The worker's own writable folder (also its HOME and TMPDIR). */
  scratch: string;
  /** Folders it may read: the add-on, the Blender install, the hub's socket folder. */
  readOnly: string[];
}

/** The command that starts one worker: `blender ARGS`, wrapped in the sandbox if there is one. */
export interface LaunchCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * The environment a worker gets: names on this list only, so API keys, the session token
 * and whatever else the sidecar's environment holds never reach a candidate program.
 */
const PASSED_VARIABLES = [/^PATH$/, /^LANG$/, /^LANGUAGE$/, /^LC_[A-Z]+$/, /^TZ$/, /^BLENDER_SYSTEM_[A-Z]+$/];

export function workerEnvironment(
  scratch: string,
  threads: number,
  from: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(from)) {
    if (value !== undefined && PASSED_VARIABLES.some((p) => p.test(name))) env[name] = value;
  }
  // LP_NUM_THREADS bounds Mesa's llvmpipe, which draws Workbench and EEVEE here; -t bounds Cycles.
  return { ...env, HOME: scratch, TMPDIR: scratch, LP_NUM_THREADS: String(threads) };
}

/** Parts of /etc a headless Blender reads: libraries, fonts, GL. Not /etc as a whole (shadow, ssh keys). */
const ETC_READ = [
  "alternatives",
  "fonts",
  "ld.so.cache",
  "ld.so.conf",
  "ld.so.conf.d",
  "localtime",
  "passwd",
  "group",
  "nsswitch.conf",
  "drirc",
  "glvnd",
  "vulkan",
  "OpenCL",
  "egl",
];
/** This machine's users and time, whichever system's libraries the worker runs on. */
const ETC_OF_THIS_MACHINE = new Set(["passwd", "group", "localtime"]);
/** Top-level folders that are links into /usr on merged-/usr systems, or folders of their own. */
const SYSTEM_DIRS = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

/** bubblewrap's arguments for one worker (everything before the command). */
export function bwrapArgs(mounts: WorkerMounts, env: Record<string, string>): string[] {
  const system = mounts.system ?? "/";
  const args = ["--die-with-parent", "--new-session", "--unshare-all", "--cap-drop", "ALL"];
  args.push("--ro-bind", path.join(system, "usr"), "/usr");
  for (const dir of SYSTEM_DIRS) {
    const from = path.join(system, dir);
    if (!existsSync(from)) continue;
    if (lstatSync(from).isSymbolicLink()) args.push("--symlink", readlinkSync(from), dir);
    else args.push("--ro-bind", from, dir);
  }
  for (const name of ETC_READ) {
    const from = ETC_OF_THIS_MACHINE.has(name) ? "/etc" : path.join(system, "etc");
    args.push("--ro-bind-try", path.join(from, name), `/etc/${name}`);
  }
  args.push("--proc", "/proc", "--dev", "/dev", "--dev-bind-try", "/dev/dri", "/dev/dri", "--tmpfs", "/tmp");
  for (const dir of mounts.readOnly) args.push("--ro-bind", dir, dir);
  args.push("--bind", mounts.scratch, mounts.scratch, "--chdir", mounts.scratch, "--clearenv");
  for (const [name, value] of Object.entries(env)) args.push("--setenv", name, value);
  return args;
}

/** The launch command for `blender args` under `sandbox` ("auto" resolved already). */
export function launchCommand(
  sandbox: "bwrap" | "off",
  blender: string,
  blenderArgs: string[],
  mounts: WorkerMounts,
  env: Record<string, string>,
): LaunchCommand {
  if (sandbox === "off") return { command: blender, args: blenderArgs, env };
  const root = blenderRoot(blender);
  // A Blender outside /usr (a tarball in /opt, say) needs its own folder to read; a
  // blender:get root's Blender is the root's own /usr/bin/blender.
  const installed = path.dirname(realpathSync(blender));
  const readOnly = root || installed.startsWith("/usr/") ? mounts.readOnly : [...mounts.readOnly, installed];
  const args = bwrapArgs({ ...mounts, readOnly, system: root }, env);
  // bwrap itself needs no environment; the worker's is set inside with --setenv.
  return {
    command: findOnPath("bwrap")!,
    args: [...args, "--", root ? `/${ROOT_BLENDER}` : blender, ...blenderArgs],
    env: {},
  };
}

/** The sandbox to use, and, when "auto" found none, the warning to print once. */
export function resolveSandbox(mode: SandboxMode): { sandbox: "bwrap" | "off"; warning?: string } {
  if (mode === "off")
    return {
      sandbox: "off",
      warning:
        "the sandbox is off (--sandbox off): candidate programs run as you, " +
        "and can read your files and use the network",
    };
  const bwrap = findOnPath("bwrap");
  const failure = bwrap ? probe(bwrap) : "bwrap (Debian package bubblewrap) is not installed";
  if (!failure) return { sandbox: "bwrap" };
  if (mode === "bwrap") throw new Error(`--sandbox bwrap: ${failure}`);
  return {
    sandbox: "off",
    warning: `candidate programs run without a sandbox: ${failure}; they can read your files and use the network`,
  };
}

let probed: string | undefined | null = null;

/** Whether bwrap can make our sandbox on this machine (user namespaces may be disabled); once per process. */
function probe(bwrap: string): string | undefined {
  if (probed !== null) return probed;
  const scratch = realpathSync(process.env.TMPDIR ?? "/tmp");
  const run = spawnSync(bwrap, [...bwrapArgs({ scratch, readOnly: [] }, {}), "--", "/usr/bin/env", "true"], {
    encoding: "utf8",
    timeout: 10_000,
  });
  probed =
    run.status === 0
      ? undefined
      : `bwrap cannot make a sandbox here (${(run.stderr || run.error?.message || `exit ${run.status}`).trim()})`;
  return probed;
}
