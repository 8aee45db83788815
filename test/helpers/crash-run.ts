// Runs one pipeline pass as `npm run pipeline` does (run lock first), writing K inbox files to a transaction, and
// once N files are settled kills its own process with SIGKILL at the COMMIT of the next transaction, whose files are
// written but not committed. A crash with no cleanup, no rollback handler, no closing of the warehouse, and the run
// lock left behind. Used by test/pipeline/crash.test.ts. With a fourth argument `reprocess`, the pass reprocesses the
// whole archive (--reprocess) and dies at the COMMIT of the (N+1)-th file it reads again (test/pipeline/reprocess.test.ts).
import { DuckDBConnection } from '@duckdb/node-api';
import { acquireRunLock } from '../../pipeline/run-lock.ts';
import { runPipeline, type PipelineConfig } from '../../pipeline/run-pipeline.ts';

const [configJson, afterFiles, filesPerTransaction, mode] = process.argv.slice(2);
const config = JSON.parse(configJson!) as PipelineConfig;
const reprocess = mode === 'reprocess';
let armed = false;
let commitsToLive = reprocess ? Number(afterFiles) : 0;
const run = DuckDBConnection.prototype.run;
DuckDBConnection.prototype.run = function (this: DuckDBConnection, ...args: Parameters<typeof run>) {
  if (armed && args[0] === 'COMMIT' && commitsToLive-- === 0) process.kill(process.pid, 'SIGKILL');
  return run.apply(this, args);
};
await acquireRunLock(config.WAREHOUSE_PATH, { command: 'crash-run' });
await runPipeline(config, {
  filesPerTransaction: Number(filesPerTransaction),
  ...(reprocess
    ? {
        reprocess: {},
        onStep: (e) => {
          if (e.step === 'reprocess' && e.status === 'running') armed = true;
        },
      }
    : {
        onFileDone: (done) => {
          if (done === Number(afterFiles)) armed = true;
        },
      }),
});
