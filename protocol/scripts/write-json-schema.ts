import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { protocolJsonSchemaText } from "../src/json-schema.js";
import { PYTHON_MODULE, pythonModuleText } from "../src/python-module.js";

/** `npm run protocol:schema`: the wire's two generated descriptions, for people and for the add-on. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

for (const [file, text] of [
  ["protocol/protocol.schema.json", protocolJsonSchemaText()],
  [PYTHON_MODULE, pythonModuleText()],
] as const) {
  writeFileSync(path.join(ROOT, file), text);
  console.log(`wrote ${file}`);
}
