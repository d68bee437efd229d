import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { protocolJsonSchemaText } from "../src/json-schema.js";

export const SCHEMA_PATH = fileURLToPath(new URL("../protocol.schema.json", import.meta.url));

writeFileSync(SCHEMA_PATH, protocolJsonSchemaText());
console.log(`wrote ${SCHEMA_PATH}`);
