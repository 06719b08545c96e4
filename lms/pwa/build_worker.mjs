// Build the service worker (issue 20): the Workbox libraries from npm (their production builds, pinned in
// package.json) followed by the project's own part (worker.src.js), into lms/pwa/worker.js, which is committed so that
// the site runs without node (as the H5P player is). Run after `npm ci`: `npm run build:sw`. lms/pwa serves the result
// at /sw.js with the list of files to precache filled in.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const modules = ["workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching", "workbox-range-requests"];
const parts = [];
const versions = [];
for (const name of modules) {
  const file = join(root, "node_modules", name, "build", `${name}.prod.js`);
  if (!existsSync(file)) {
    console.error(`${file} is missing: run \`npm ci\` first.`);
    process.exit(1);
  }
  const version = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"))).version;
  versions.push(`${name} ${version}`);
  // The source map comments point at files that are not served.
  parts.push(readFileSync(file, "utf8").replace(/\/\/# sourceMappingURL=.*$/m, ""));
}
const banner = `/* Học vụ số service worker. Built by lms/pwa/build_worker.mjs from ${versions.join(", ")} (MIT, Google LLC) and lms/pwa/worker.src.js. Do not edit: edit worker.src.js and run \`npm run build:sw\`. */\n`;
const own = readFileSync(join(here, "worker.src.js"), "utf8");
writeFileSync(join(here, "worker.js"), banner + parts.join("\n") + "\n" + own);
console.log(`Built lms/pwa/worker.js (${versions.join(", ")})`);
