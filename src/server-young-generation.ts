// Imported first by main.ts, for its effect: the embedded engine's young generation must be held at
// its size before the other modules run and allocate (server-heap.ts, tuneYoungGeneration).
import { chosenEngine } from './config.js';
import { tuneYoungGeneration } from './server-heap.js';

tuneYoungGeneration(chosenEngine(process.env));
