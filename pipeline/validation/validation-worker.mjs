// The validation worker's entry: plain JavaScript, so that it starts the same under tsx, vitest and plain Node, then
// registers tsx and runs the TypeScript worker (validation-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./validation-worker.ts');
