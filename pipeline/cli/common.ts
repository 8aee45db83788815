import { type ParseArgsConfig, parseArgs } from 'node:util';
import { createLogger, type LogFormat } from '../logging.ts';

/** LOG_FORMAT of the environment when it is valid, else auto: for messages before the settings are parsed. */
export function earlyLogFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const f = env.LOG_FORMAT;
  return f === 'json' || f === 'pretty' ? f : 'auto';
}

/** A message that stops a command before or instead of a run, on stderr: a JSON line, or the plain text at a terminal. */
export function reportFatal(
  message: string,
  format: LogFormat,
  name: string,
  fields: Record<string, unknown> = {},
): void {
  const logger = createLogger(format, { name });
  if (logger.format === 'json') logger.error(message, { event: 'not_started', ...fields });
  else process.stderr.write(`${message}\n`);
}

/**
 * Calls `stop` on the first SIGINT or SIGTERM (the run ends its current step, then stops); a second signal ends
 * the process at once (committed work stays; an open transaction is rolled back by DuckDB).
 */
export function onStopSignals(stop: (signal: NodeJS.Signals) => void, onForce: () => void): void {
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) {
        onForce();
        process.exit(2);
      }
      stopping = true;
      stop(sig);
    });
  }
}

/**
 * The command's flags (`options` has `help`): `--help` prints the help and exits 0; an unknown or malformed flag prints the
 * error and the help and exits 2.
 */
export function commandLine<O extends NonNullable<ParseArgsConfig['options']> & { help: { type: 'boolean' } }>(
  options: O,
  help: string,
) {
  try {
    const { values } = parseArgs({ options });
    if ((values as { help?: boolean }).help) {
      console.log(help);
      process.exit(0);
    }
    return values;
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${help}`);
    return process.exit(2);
  }
}
