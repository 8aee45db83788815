// Runs one pipeline pass as `npm run pipeline` does (run lock first), writing K inbox files to a transaction, and
// once N files are settled kills its own process with SIGKILL at the COMMIT of the next transaction, whose files are
// written but not committed. A crash with no cleanup, no rollback handler, no closing of the warehouse, and the run
// lock left behind. Used by test/pipeline/crash.test.ts.
import { DuckDBConnection } from '@duckdb/node-api';
import { acquireRunLock } from '../../pipeline/run-lock.ts';
import { runPipeline, type PipelineConfig } from '../../pipeline/run-pipeline.ts';

const [configJson, afterFiles, filesPerTransaction] = process.argv.slice(2);
const config = JSON.parse(configJson!) as PipelineConfig;
let armed = false;
const run = DuckDBConnection.prototype.run;
DuckDBConnection.prototype.run = function (this: DuckDBConnection, ...args: Parameters<typeof run>) {
  if (armed && args[0] === 'COMMIT') process.kill(process.pid, 'SIGKILL');
  return run.apply(this, args);
};
await acquireRunLock(config.WAREHOUSE_PATH, { command: 'crash-run' });
await runPipeline(config, {
  filesPerTransaction: Number(filesPerTransaction),
  onFileDone: (done) => {
    if (done === Number(afterFiles)) armed = true;
  },
});
