// What a mutation class gets to build its request from.
import type { Operation } from './operations.js';
import type { Rng } from './random.js';
import type { FuzzRequest } from './request.js';
import type { World } from './world.js';

export interface MutationInput {
  rng: Rng;
  world: World;
  ops: Operation[];
  methods: Map<string, Set<string>>;
}

export type Mutator = (m: MutationInput) => FuzzRequest;

export const pickOp = (m: MutationInput, filter: (o: Operation) => boolean = () => true) => m.rng.pick(m.ops.filter(filter));
