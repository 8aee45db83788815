// npm run bench [-- NAME]: runs every benchmark (or one) as its own process and prints their figures.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHES: Record<string, string> = {
  'sample-pipeline': 'whole path on the full sample: generation, pipeline, rerun, site build',
  ingest: 'ingest throughput: 1,000 XLSX forms; 1,000,000-row long CSV against DuckDB read_csv',
  registry: 'registry sync: 100,000 mentors, page size 1,000, from the local sample server; then 10 % changes',
  marts: 'marts rebuild at national scale: 85 regions, ~10 million fact rows, generated in SQL; then a rerun',
  site: 'site on the sample: build time, bytes per page, time to first chart, redraw after a filter change',
  hostile:
    'hostile files, each alone through the pipeline: seconds and peak RSS (30 000 columns, XFD sheet, 100 MB line, zip bomb, 3e9 value)',
};
const chosen = process.argv[2] ? [process.argv[2]] : Object.keys(BENCHES);
let failed = false;
for (const name of chosen) {
  if (!BENCHES[name]) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n## ${name}: ${BENCHES[name]}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`)], {
    stdio: 'inherit',
  });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
