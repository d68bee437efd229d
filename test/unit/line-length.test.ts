import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Biome formats the code to 120 columns but leaves long strings and comments alone.

const REPO = path.resolve(import.meta.dirname, "../..");
const MAX = 120;

describe("the house style", () => {
  it(`no TypeScript line is longer than ${MAX} characters`, () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], {
      cwd: REPO,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    const long = files.flatMap((file) =>
      readFileSync(path.join(REPO, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (line.length > MAX ? [`${file}:${i + 1} (${line.length})`] : [])),
    );
    expect(long).toEqual([]);
  });
});
