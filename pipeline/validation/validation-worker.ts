import { parentPort, workerData } from 'node:worker_threads';
import { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { validateFile } from './validate-file.ts';
import type { ValidationReply, ValidationRequest } from './file-validator.ts';

// One file at a time, in the order asked: the parent times each request and terminates this thread past its budget.
const ref = (workerData as { ref: Reference }).ref;
const normaliser = new Normaliser(ref);
const port = parentPort!;

port.on('message', (request: ValidationRequest) => {
  const { id, relativePath, buffer, now } = request;
  validateFile(relativePath, Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), normaliser, ref, {
    now,
  }).then(
    (validated) => port.postMessage({ id, validated } satisfies ValidationReply),
    (e: unknown) =>
      port.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies ValidationReply),
  );
});
port.postMessage({ ready: true });
