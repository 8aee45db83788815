import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { REFERENCE_DIR } from '../pipeline/reference/reference.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { LIMITS } from '../pipeline/reference/limits.ts';
import { denseWorkbook } from '../test/helpers/dense-workbook.ts';
import { seedWorkbook } from '../test/helpers/seed-form.ts';

/**
 * Hostile files (issue 22): each alone in an inbox, run through the whole pipeline in a process of its own, so that the
 * peak RSS (process.resourceUsage().maxRSS) is that file's. Target: none over 5 s or 1 GB on 2 cores.
 * `npm run bench -- hostile`; the parent writes the files, a child per case runs the pipeline and prints one JSON line.
 */
const work = path.join(os.tmpdir(), `nm-bench-hostile-${process.pid}`);
const MB = 1024 * 1024;

interface Figures {
  seconds: number;
  inboxSeconds: number;
  maxRssMb: number;
  status: string;
  files: Record<string, number>;
  reason: string | null;
}

/** In the child: the pipeline on one case's folder. */
async function runCase(dir: string): Promise<void> {
  let inboxSeconds = 0;
  const t0 = process.hrtime.bigint();
  const run = await runPipeline(
    {
      INBOX_DIR: path.join(dir, 'inbox'),
      WAREHOUSE_PATH: path.join(dir, 'warehouse.duckdb'),
      ARCHIVE_DIR: path.join(dir, 'archive'),
      SNAPSHOT_DIR: path.join(dir, 'snapshot'),
      REFERENCE_DIR,
      DATA_IS_SYNTHETIC: true,
    },
    { onStep: (e) => (e.step === 'inbox' && e.status !== 'running' ? (inboxSeconds = e.seconds) : undefined) },
  );
  const figures: Figures = {
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    inboxSeconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    status: run.status,
    files: run.files,
    reason: run.rejections[0]?.reason ?? null,
  };
  console.log(JSON.stringify(figures));
}

const put = (dir: string, name: string, content: Buffer | string) => {
  const file = path.join(work, dir, 'inbox', '2024', 'Амурский район', name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
};

async function writeCases(): Promise<{ name: string; what: string; file: string | null }[]> {
  const cases: { name: string; what: string; file: string | null }[] = [];
  const add = (name: string, what: string, file: string | null) => cases.push({ name, what, file });
  mkdirSync(path.join(work, 'baseline', 'inbox'), { recursive: true });
  add('baseline', 'empty inbox (the run’s own cost)', null);

  const wide = (columns: number) => {
    const names = Array.from({ length: columns - 1 }, (_, c) => (columns > 1_000 ? 'x' : `x${c + 1}`));
    const lines = [`Организация;${names.join(';')}`];
    for (let r = 1; r <= 64; r++)
      lines.push(
        `МБОУ СОШ № ${r};${Array(columns - 1)
          .fill('1')
          .join(';')}`,
      );
    return `${lines.join('\n')}\n`;
  };
  add('wide-csv', 'CSV 64 rows × 30 000 columns', put('wide-csv', 'wide.csv', wide(30_000)));
  add('wide-299', 'CSV 64 rows × 299 unknown columns (19 200 findings)', put('wide-299', 'wide299.csv', wide(300)));

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Мониторинг');
  ws.getCell('A1').value = 'Наименование показателя';
  for (let r = 2; r <= 20_000; r++) ws.getCell(r, 16_384).value = r;
  add(
    'xfd-xlsx',
    'XLSX by exceljs, a value in XFD on 20 000 rows',
    put('xfd-xlsx', 'xfd.xlsx', Buffer.from(await wb.xlsx.writeBuffer())),
  );

  add(
    'dense-xlsx',
    'XLSX of 4 500 × 100 numbers (450 000 cells, within every limit)',
    put('dense-xlsx', 'dense.xlsx', await denseWorkbook(4_500, 100)),
  );
  add(
    'dense-over',
    'XLSX of 5 100 × 100 numbers (past the cell budget)',
    put('dense-over', 'dense-over.xlsx', await denseWorkbook(5_100, 100)),
  );
  const summaryLines = ['Организация;ИНН;Тип организации;Общая численность обучающихся'];
  for (let r = 1; r <= 400_000; r++) summaryLines.push(`МБОУ СОШ № ${r};;ОО;${100 + (r % 900)}`);
  add(
    'summary-20k',
    'summary CSV of 20 000 organisations (the most a table may have)',
    put('summary-20k', 'summary.csv', `${summaryLines.slice(0, 20_001).join('\n')}\n`),
  );
  add(
    'summary-14mb',
    'summary CSV of 400 000 organisations (past the 20 000 rows of a table)',
    put('summary-14mb', 'summary.csv', `${summaryLines.join('\n')}\n`),
  );

  add('line-100mb', 'CSV of one 100 MB line', put('line-100mb', 'line.csv', Buffer.alloc(100 * MB, 'x')));
  add(
    'line-100mb-2',
    'CSV: a header, then one 100 MB line',
    put(
      'line-100mb-2',
      'line2.csv',
      Buffer.concat([
        Buffer.from('год;организация;показатель;значение\n'),
        Buffer.alloc(100 * MB, 'x'),
        Buffer.from('\n'),
      ]),
    ),
  );

  const form = await seedWorkbook({
    orgName: 'МБОУ СОШ № 1',
    forms: ['Ученик – ученик'],
    rows: [[5], [1], [null], [null]],
    extra: [['Общая численность обучающихся', 100]],
  });
  const zip = await JSZip.loadAsync(form);
  zip.file('xl/sharedStrings.xml', Buffer.alloc(LIMITS.xlsxMaxUnpackedBytes + MB, 'a'));
  add(
    'zip-bomb',
    'XLSX whose shared strings unpack to 201 MB',
    put(
      'zip-bomb',
      'bomb.xlsx',
      await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }),
    ),
  );

  const huge = [
    'год;муниципалитет;организация;тип;форма;показатель;значение',
    '2024;Амурский район;МБОУ СОШ № 1;ОО;ученик – ученик;Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого;3000000000',
  ];
  add('value-3e9', 'long CSV with the value 3 000 000 000', put('value-3e9', 'huge.csv', `${huge.join('\n')}\n`));
  return cases;
}

if (process.argv[2] === 'case') {
  await runCase(process.argv[3]!);
} else {
  try {
    const cases = await writeCases();
    const rows: (Figures & { name: string; what: string; bytes: number })[] = [];
    for (const c of cases) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', import.meta.filename, 'case', path.join(work, c.name)],
        { encoding: 'utf8', maxBuffer: 16 * MB },
      );
      const line = child.stdout.trim().split('\n').pop() ?? '';
      if (child.status !== 0 || !line.startsWith('{'))
        throw new Error(`case ${c.name} failed (${child.status}): ${child.stderr.slice(-2000)}`);
      const figures = JSON.parse(line) as Figures;
      rows.push({ name: c.name, what: c.what, bytes: c.file ? statSync(c.file).size : 0, ...figures });
      rmSync(path.join(work, c.name), { recursive: true, force: true });
    }
    console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`);
    console.log('| case | file | size | run, s | inbox step, s | peak RSS, MB | status | first reason |');
    console.log('|---|---|---:|---:|---:|---:|---|---|');
    for (const r of rows) {
      const size = r.bytes >= MB ? `${(r.bytes / MB).toFixed(1)} MB` : `${(r.bytes / 1024).toFixed(0)} KB`;
      console.log(
        `| ${r.name} | ${r.what} | ${size} | ${r.seconds.toFixed(2)} | ${r.inboxSeconds.toFixed(2)} | ${r.maxRssMb.toFixed(0)} | ${r.status} | ${(r.reason ?? '—').slice(0, 90)} |`,
      );
    }
    const hostile = rows.filter((r) => r.name !== 'baseline');
    const slowest = hostile.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    const largest = hostile.reduce((a, b) => (b.maxRssMb > a.maxRssMb ? b : a));
    const ok = slowest.seconds <= 5 && largest.maxRssMb <= 1024;
    console.log(
      `worst case: ${slowest.name} ${slowest.seconds.toFixed(2)} s (whole run); ${largest.name} ${largest.maxRssMb.toFixed(0)} MB peak RSS; target ≤ 5 s and ≤ 1 GB: ${ok ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
