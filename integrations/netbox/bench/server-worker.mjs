// Worker entry: registers tsx in this thread, then runs the TypeScript server worker.
import { register } from 'tsx/esm/api';

register();
await import('./server-worker.ts');
