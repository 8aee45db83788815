// Runs one pipeline pass as `npm run pipeline` does (run lock first) and kills its own process with SIGKILL once
// N files are settled: a crash with no cleanup, no rollback handler, no closing of the warehouse, and the run lock
// left behind. Used by test/pipeline/crash.test.ts.
import { acquireRunLock } from '../../pipeline/run-lock.ts';
import { runPipeline, type PipelineConfig } from '../../pipeline/run-pipeline.ts';

const [configJson, afterFiles] = process.argv.slice(2);
const config = JSON.parse(configJson!) as PipelineConfig;
await acquireRunLock(config.WAREHOUSE_PATH, { command: 'crash-run' });
await runPipeline(config, {
  onFileDone: (done) => {
    if (done === Number(afterFiles)) process.kill(process.pid, 'SIGKILL');
  },
});
