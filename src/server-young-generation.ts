// Imported first by main.ts, for its effect: the embedded engine's young generation must be held at
// its size before the other modules load and allocate (server-heap.ts, tuneYoungGeneration).
import { tuneYoungGeneration } from './server-heap.js';

tuneYoungGeneration(process.env.DATABASE_URL);
