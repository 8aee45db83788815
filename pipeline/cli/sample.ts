import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { generateSample } from '../sample/generate.ts';

const HELP = `Генерация синтетического примера данных мониторинга (Хабаровский край, 2020–2024)
Generates the deterministic synthetic sample (inbox files, mentors' registry, README)

  npx tsx pipeline/cli/sample.ts [--seed N] [--out DIR] [--scale S]

  --seed N    зерно генератора / random seed (по умолчанию SAMPLE_SEED, default ${'$'}SAMPLE_SEED or 20260101)
  --out DIR   папка вывода / output folder (по умолчанию SAMPLE_DIR, default data/sample)
  --scale S   доля организаций, 0 < S ≤ 1 / share of organisations (по умолчанию / default 1)
  --help      эта справка / this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      out: { type: 'string' },
      scale: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const config = loadConfig({ SAMPLE_SEED: values.seed, SAMPLE_DIR: values.out });
  const scale = values.scale === undefined ? 1 : Number(values.scale.replace(',', '.'));
  const started = performance.now();
  const result = await generateSample({ seed: config.SAMPLE_SEED, outDir: config.SAMPLE_DIR, scale });
  const seconds = ((performance.now() - started) / 1000).toFixed(1).replace('.', ',');
  const byFormat = new Map<string, number>();
  for (const f of result.files) byFormat.set(f.format, (byFormat.get(f.format) ?? 0) + 1);
  console.log(
    `Синтетический пример (зерно ${result.seed}, масштаб ${String(scale).replace('.', ',')}) записан в ${result.outDir} за ${seconds} с:\n` +
      `  файлов ${result.files.length} (XLSX ${byFormat.get('xlsx') ?? 0}, сводных CSV ${byFormat.get('summary-csv') ?? 0}, ` +
      `построчных CSV ${byFormat.get('long-csv') ?? 0}, пустых ${byFormat.get('empty') ?? 0});\n` +
      `  организаций ${result.organisations.length}, значений к загрузке ${result.truth.length}, ` +
      `ошибочных отправок ${result.defects.length}, исправлений ${result.resubmissions.length};\n` +
      `  реестр: наставников ${result.registry.mentors}, изменений ${result.registry.changes}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
