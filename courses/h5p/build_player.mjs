// Copy the H5P standalone player (node_modules/h5p-standalone/dist) into the app's static files, so that
// the project serves it itself (no CDN at runtime). Run after `npm ci`: `npm run build:h5p`.
import { cpSync, rmSync, existsSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const source = join(root, "node_modules", "h5p-standalone", "dist");
const target = join(here, "static", "h5p", "player");
if (!existsSync(source)) {
  console.error("node_modules/h5p-standalone/dist is missing: run `npm ci` first.");
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
// Type declarations and the licence banner file are not needed at runtime; everything else is.
cpSync(source, target, { recursive: true, filter: (path) => !path.endsWith(".d.ts") });
const version = JSON.parse(readFileSync(join(root, "node_modules", "h5p-standalone", "package.json"))).version;
writeFileSync(join(target, "VERSION"), `h5p-standalone ${version}\n`);
cpSync(join(root, "node_modules", "h5p-standalone", "LICENSE"), join(target, "LICENSE"));
console.log(`Copied h5p-standalone ${version} to ${target}`);
