// Copy axe-core's single browser file (node_modules/axe-core/axe.min.js) into the project's static files, so that
// the accessibility journeys (tests/e2e/test_accessibility.py) load it from the project itself: CI needs no npm.
// Run after `npm ci --ignore-scripts`: `npm run build:axe`, then commit static/vendor/axe-core/.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const source = join(root, "node_modules", "axe-core");
const target = join(root, "static", "vendor", "axe-core");
if (!existsSync(join(source, "axe.min.js"))) {
  console.error("node_modules/axe-core is missing: run `npm ci --ignore-scripts` first.");
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(join(source, "axe.min.js"), join(target, "axe.min.js"));
cpSync(join(source, "LICENSE"), join(target, "LICENSE"));
const version = JSON.parse(readFileSync(join(source, "package.json"))).version;
writeFileSync(join(target, "VERSION"), `axe-core ${version}\n`);
console.log(`Copied axe-core ${version} to ${target}`);
