import { X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import type { TlsFiles } from "../hub/listeners.js";

/**
 * Command-line flags for how Blender reaches the sidecar: the session token and TLS.
 * Shared by serve and run.
 */
export const ACCESS_FLAGS_USAGE = `  --token-file FILE      read the session token from FILE (or set
                         BLENDER_AGENT_TOKEN; with neither, a random token is made and printed)
  --token T              the session token itself (shows in ps: prefer --token-file)
  --tls-cert FILE        PEM certificate: serve wss:// (needed to listen off loopback)
  --tls-key FILE         its PEM private key
  --insecure-network     listen off loopback without TLS anyway (everything crosses in the clear)`;

const MIN_TOKEN = 16;
const tooShort = `a token needs at least ${MIN_TOKEN} characters`;

export const accessFlagShape = {
  token: z.string().min(MIN_TOKEN, tooShort).optional(),
  "token-file": z.string().min(1).optional(),
  "tls-cert": z.string().min(1).optional(),
  "tls-key": z.string().min(1).optional(),
  "insecure-network": z.boolean().default(false),
};
export const ACCESS_OPTIONS = {
  token: { type: "string" },
  "token-file": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "insecure-network": { type: "boolean" },
} as const;
type AccessFlags = z.output<z.ZodObject<typeof accessFlagShape>>;
type TokenFlags = Pick<AccessFlags, "token" | "token-file">;

/** Where the session token came from; "random": none was given, the hub makes one. */
export interface TokenChoice {
  token?: string;
  source: "random" | "file" | "argv" | "env";
}

/** The token from --token-file, --token (with a warning: argv shows in ps) or BLENDER_AGENT_TOKEN. */
export function tokenFrom(flags: TokenFlags, warn: (message: string) => void = console.warn): TokenChoice {
  if (flags["token-file"] && flags.token) throw new Error("give --token-file or --token, not both");
  const file = flags["token-file"];
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8").trim();
    } catch (err) {
      throw new Error(
        `--token-file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    if (text.length < MIN_TOKEN) throw new Error(`--token-file ${file}: ${tooShort}`);
    if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0)
      warn(`warning: ${file} can be read by other users of this machine; chmod 600 it`);
    return { token: text, source: "file" };
  }
  if (flags.token) {
    warn(
      "warning: a token given with --token shows in `ps` to every user of this machine; " +
        "prefer --token-file FILE or BLENDER_AGENT_TOKEN",
    );
    return { token: flags.token, source: "argv" };
  }
  const env = process.env.BLENDER_AGENT_TOKEN;
  if (env !== undefined) {
    if (env.length < MIN_TOKEN) throw new Error(`BLENDER_AGENT_TOKEN: ${tooShort}`);
    return { token: env, source: "env" };
  }
  return { source: "random" };
}

/** The TLS certificate and key, read and checked, when both flags are given. */
export function tlsFrom(flags: AccessFlags): (TlsFiles & { fingerprint: string }) | undefined {
  const certFile = flags["tls-cert"];
  const keyFile = flags["tls-key"];
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error("--tls-cert and --tls-key go together");
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch (err) {
      throw new Error(
        `${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  };
  const cert = read("--tls-cert", certFile);
  const key = read("--tls-key", keyFile);
  let fingerprint: string;
  try {
    fingerprint = new X509Certificate(cert).fingerprint256;
  } catch (err) {
    throw new Error(`--tls-cert ${certFile}: not a PEM certificate (${(err as Error).message})`);
  }
  return { cert, key, fingerprint };
}

/** What to print so the artist can fill in the add-on's preferences. */
export function describeToken(choice: TokenChoice, token: string, flags: TokenFlags): string {
  switch (choice.source) {
    case "random":
      return token;
    case "file":
      return `the contents of ${flags["token-file"]}`;
    case "argv":
      return "as given with --token";
    case "env":
      return "the value of BLENDER_AGENT_TOKEN";
  }
}
