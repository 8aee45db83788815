import {
  closeSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { REFERENCE_DIR, loadReference } from '../pipeline/reference/reference.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { generateSample } from '../pipeline/sample/generate.ts';
import { STORAGE_VERSION } from '../pipeline/warehouse/storage-format.ts';
import { cpuNow, othersCpu } from './cpu-meanwhile.ts';

/**
 * Ingest throughput: 1,000 XLSX forms, and a 1,000,000-row long CSV set against DuckDB's own read_csv
 * loading the same file into a table. Targets (issue 3): ≥ 50 forms/s; the CSV within 3× of read_csv.
 */
const work = path.join(os.tmpdir(), `nm-bench-ingest-${process.pid}`);
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const config = (name: string) => ({
  INBOX_DIR: path.join(work, name, 'inbox'),
  WAREHOUSE_PATH: path.join(work, name, 'warehouse.duckdb'),
  ARCHIVE_DIR: path.join(work, name, 'archive'),
  SNAPSHOT_DIR: path.join(work, name, 'snapshot'),
  REFERENCE_DIR,
  DATA_IS_SYNTHETIC: true,
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

async function xlsxForms(count: number): Promise<void> {
  const forms = config('forms');
  let copied = 0;
  for (let seed = 1; copied < count; seed++) {
    const out = path.join(work, `sample-${seed}`);
    await generateSample({ seed, outDir: out });
    for (const file of listFiles(path.join(out, 'inbox')).filter((f) => f.endsWith('.xlsx') && statSync(f).size > 0)) {
      if (copied === count) break;
      const target = path.join(
        forms.INBOX_DIR,
        path.relative(path.join(out, 'inbox'), path.dirname(file)),
        `${seed}-${path.basename(file)}`,
      );
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(file, target);
      copied++;
    }
  }
  const cpu = cpuNow();
  const t0 = process.hrtime.bigint();
  const run = await runPipeline(forms);
  const s = seconds(t0);
  console.log(
    `xlsx: ${run.filesSeen} forms in ${s.toFixed(1)} s = ${(run.filesSeen / s).toFixed(1)} forms/s (target ≥ 50)${othersCpu(cpu)}`,
  );
}

function longCsv(rows: number): string {
  const ref = loadReference();
  const formMeasures = ref.measures.filter((m) => m.block === 'form');
  const orgMeasures = ref.measures.filter((m) => m.block !== 'form' && m.kind === 'count');
  const forms = ['ученик – ученик', 'учитель – учитель', 'студент – ученик', 'работодатель – ученик'];
  function* lines() {
    yield 'год;муниципалитет;организация;ИНН;тип;форма;показатель;значение';
    for (let org = 1; ; org++) {
      const name = `МБОУ СОШ № ${org}`;
      for (const f of forms)
        for (const m of formMeasures) yield `2024;Амурский район;${name};;ОО;${f};${m.name};${org % 7}`;
      for (const m of orgMeasures) yield `2024;Амурский район;${name};;ОО;;${m.name};${1000 + (org % 50)}`;
    }
  }
  const file = path.join(config('csv').INBOX_DIR, '2024', 'Мониторинг_Амурский_2024.csv');
  mkdirSync(path.dirname(file), { recursive: true });
  // Written in pieces: a million lines held at once leave garbage that the measured run would then collect.
  const fd = openSync(file, 'w');
  let batch: string[] = [];
  let left = rows + 1;
  for (const line of lines()) {
    batch.push(line);
    if (--left === 0) break;
    if (batch.length === 50_000) {
      writeSync(fd, `${batch.join('\n')}\n`);
      batch = [];
    }
  }
  writeSync(fd, `${batch.join('\n')}\n`);
  closeSync(fd);
  return file;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const figures = (xs: number[]) => `${median(xs).toFixed(2)} s (runs ${xs.map((x) => x.toFixed(2)).join(', ')})`;

/**
 * The CSV against read_csv, `runs` rounds taken in turn (read_csv in memory, into a file, then the pipeline on a fresh
 * warehouse with the same file in its inbox), medians compared: on a machine whose speed drifts, one run of each can
 * be a third apart. The pipeline is timed from the start of its inbox step, as read_csv is timed once its database
 * is open; the run's opening (warehouse, migrations, reference data) is printed beside.
 */
async function csvAgainstDuckDb(rows: number, runs: number): Promise<void> {
  const file = longCsv(rows);
  // read_csv into an in-memory table, and into a table of a database file in the warehouse's storage format
  const duckInto = async (target: string) => {
    const instance = await DuckDBInstance.create(target, { storage_compatibility_version: STORAGE_VERSION });
    const connection = await instance.connect();
    const t = process.hrtime.bigint();
    await connection.run(`create table t as select * from read_csv('${file}', delim=';', header=true)`);
    await connection.run('checkpoint');
    const s = seconds(t);
    connection.closeSync();
    instance.closeSync();
    return s;
  };
  const duck: number[] = [];
  const duckFile: number[] = [];
  const ingest: number[] = [];
  const opening: number[] = [];
  const whole: number[] = [];
  const cpu = cpuNow();
  for (let r = 0; r < runs; r++) {
    duck.push(await duckInto(':memory:'));
    duckFile.push(await duckInto(path.join(work, `read-csv-${r}.duckdb`)));
    const run = config(`csv-${r}`);
    const inboxFile = path.join(run.INBOX_DIR, path.relative(config('csv').INBOX_DIR, file));
    mkdirSync(path.dirname(inboxFile), { recursive: true });
    linkSync(file, inboxFile);
    const t0 = process.hrtime.bigint();
    let inboxStart = 0;
    let done = 0;
    const summary = await runPipeline(run, {
      onStep: (e) => {
        if (e.step === 'inbox' && e.status === 'running') inboxStart = seconds(t0);
      },
      onFileDone: () => (done = seconds(t0)),
    });
    whole.push(seconds(t0));
    if (summary.status !== 'success') throw new Error(`the pipeline ended ${summary.status}`);
    opening.push(inboxStart);
    ingest.push(done - inboxStart);
    // the round's warehouse and archived copy (a quarter of a gigabyte each) are not needed again
    rmSync(path.join(work, `csv-${r}`), { recursive: true, force: true });
    rmSync(path.join(work, `read-csv-${r}.duckdb`), { force: true });
  }
  const mb = statSync(file).size / 1e6;
  const ours = median(ingest);
  console.log(
    `duckdb read_csv of the file into a table: ${figures(duck)} in memory, ${figures(duckFile)} in a database file`,
  );
  console.log(
    `long csv: ${rows} rows (${mb.toFixed(0)} MB) ingested (read, hash, archive, validate, stage) in ${figures(ingest)} = ${Math.round(rows / ours)} rows/s; ` +
      `ratio of the medians ${(ours / median(duck)).toFixed(2)}× to in-memory, ${(ours / median(duckFile)).toFixed(2)}× to a file (target ≤ 3×)`,
  );
  const fromStart = ingest.map((x, i) => x + opening[i]!);
  console.log(
    `before the inbox step (warehouse opened and migrated, reference data): ${figures(opening)}; timed from the run's start instead: ${figures(fromStart)}, ` +
      `ratio ${(median(fromStart) / median(duck)).toFixed(2)}× to in-memory, ${(median(fromStart) / median(duckFile)).toFixed(2)}× to a file`,
  );
  console.log(`whole run with core, marts and snapshot: ${figures(whole)}${othersCpu(cpu)}`);
}

try {
  const which = process.argv[2] ?? 'all';
  if (which === 'all' || which === 'xlsx') await xlsxForms(1000);
  if (which === 'all' || which === 'csv') await csvAgainstDuckDb(1_000_000, 3);
} finally {
  rmSync(work, { recursive: true, force: true });
}
