// Run after every `npm install` that changes package-lock.json:  node .ci/complete-lockfile.mjs
//
// `npm ci` checks the lock against an ideal tree holding every optional platform build that a package
// declares (esbuild, rollup, DuckDB bindings for darwin, win32, arm64, …). The registry these machines
// reach serves only the linux-x64 builds, so `npm install` cannot record the others and `npm ci` then
// refuses the lock. Recording them at their declared versions satisfies the check; npm skips them as
// optional when it cannot fetch them, exactly as on any machine of another platform.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const entry of Object.values({ ...packages })) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (key in packages) continue;
    packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: recorded ${added} optional platform builds the registry does not serve`);
