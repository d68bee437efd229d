#!/usr/bin/env bash
# npm run test:versions — the Blender-facing tests of what differs between Blender versions
# (every protocol method, the three engines, the add-on's install, the live role in a
# window and its refusal of an impostor, the scene's program, the candidates' sandbox),
# against each newer Blender that `npm run blender:get` makes.
# `vitest run` has already run every test on the machine's own Blender (3.4 on Debian 12).
#
# BLENDER_VERSIONS picks the versions (default "4.3 5.2"; empty skips them all). A version's
# root is made on first use (needs root and Debian's archive; see blender-get.sh), then reused.
# Screenshots go to test-output/blender-<version>/.
set -euo pipefail
cd "$(dirname "$0")/.."

files=(
  test/worker-methods.test.ts
  test/addon-package.test.ts
  test/live-addon.test.ts
  test/scene-program.test.ts
  test/rogue-server.test.ts
  test/sandbox.test.ts
)
failed=()
for version in ${BLENDER_VERSIONS-4.3 5.2}; do
  launcher=$(bash scripts/blender-get.sh "$version")
  echo "== Blender $version: ${files[*]}"
  if ! BLENDER=$launcher BLENDER_AGENT_TEST_OUTPUT=test-output/blender-$version \
    npx vitest run --project blender "${files[@]}"; then
    failed+=("$version")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "test:versions: failed on Blender ${failed[*]}" >&2
  exit 1
fi
