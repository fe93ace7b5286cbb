// The chain watcher: one per configured network across all replicas (a lease row in evm_cursors,
// renewed as it goes, taken over when it expires). Each run follows the chain from the durable
// cursor to the head — so money that arrived while no server ran is found — checking each block's
// parent against the hash kept for the block before; a mismatch is a reorganisation: walk back to the
// common ancestor, withdraw what the dropped blocks paid, and rescan. A payment the lifecycle refuses
// is recorded and retried with backoff (retry.ts) while the cursor moves on. The addresses of invoices
// final for longer than LATE_PAYMENT_WINDOW_MS are no longer watched, so the watched set stays small.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Deps } from '../../../platform/deps.js';
import { startPeriodic } from '../../../platform/periodic.js';
import type { EvmChain } from './chain.js';
import { raiseConfirmations, rollBack } from './confirm.js';
import { LeaseLost, recordBlock } from './record.js';
import * as repo from './repository.js';
import { retryFailures } from './retry.js';
import { readBlock, readBlockHeader } from './scan.js';

/** Processed block hashes kept for finding a common ancestor (older ones are pruned). */
const KEEP_BLOCKS = 256n;
/** At most this many blocks per run, so a long catch-up still renews the lease and stops promptly. */
const MAX_BLOCKS_PER_RUN = 500;
/** A payment to an invoice final for less than this is still seen (kept, booked, shown); after it, the address is not watched. */
export const LATE_PAYMENT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/** How often the watcher prunes the watched addresses. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface WatcherOptions {
  /** Who holds the lease (default host, pid and a random part). */
  owner?: string;
  /** How long a lease lasts without renewal (default max(30 s, 10 polls)). */
  leaseMs?: number;
  /** A failed run, and a payment the lifecycle refused (PaymentRefused: no personal data). */
  onError?: (error: unknown) => void;
}

export interface RunResult {
  /** False when another replica holds the chain. */
  leader: boolean;
  blocks: number;
  payments: number;
  withdrawn: number;
  /** Payments the lifecycle refused in this run (recorded, retried later). */
  refused: number;
}

export interface EvmWatcher {
  readonly owner: string;
  /** One run: follow the chain to its head. Tests call it directly. */
  runOnce(signal?: AbortSignal): Promise<RunResult>;
  /** Lets another replica take over at once. */
  release(): Promise<void>;
}

export function createEvmWatcher(deps: Deps, chain: EvmChain, options: WatcherOptions = {}): EvmWatcher {
  const network = chain.config.name;
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  const leaseMs = options.leaseMs ?? Math.max(30_000, chain.config.pollIntervalMs * 10);
  let checked = false;
  let prunedAt = Number.NEGATIVE_INFINITY;

  /** The newest processed block still on chain; the cursor goes back to just after it. */
  async function findAncestor(): Promise<bigint> {
    const kept = await repo.recentBlocks(deps.db, network, Number(KEEP_BLOCKS));
    for (const b of kept) if ((await readBlockHeader(chain, b.number))?.hash === b.hash) return b.number;
    // Deeper than what is kept: rescan from before the oldest kept block.
    return kept.length > 0 ? kept.at(-1)!.number - 1n : -1n;
  }

  async function runOnce(signal?: AbortSignal): Promise<RunResult> {
    const result: RunResult = { leader: false, blocks: 0, payments: 0, withdrawn: 0, refused: 0 };
    if (!checked) {
      const id = await chain.client.getChainId();
      if (id !== chain.config.chainId)
        throw new Error(`EVM network ${network}: the node at its rpcUrl serves chain ${id}, not ${chain.config.chainId}`);
      checked = true;
    }
    let head = await chain.client.getBlockNumber();
    await repo.ensureCursor(
      deps.db,
      network,
      chain.config.chainId,
      chain.config.startBlock !== undefined ? BigInt(chain.config.startBlock) : head,
    );
    let lease = await repo.holdLease(deps.db, network, owner, leaseMs);
    if (!lease) return result;
    result.leader = true;
    await chain.loadDecimals();
    let next = lease.next;
    const now = deps.clock.now().getTime();
    if (now - prunedAt >= PRUNE_EVERY_MS) {
      await repo.pruneWatches(deps.db, network, new Date(now - LATE_PAYMENT_WINDOW_MS));
      prunedAt = now;
    }
    const watched = await repo.watchedAddresses(deps.db, network);
    // The tip processed last must still be on chain (a rollback may have made the chain shorter).
    const tip = await repo.blockHash(deps.db, network, next - 1n);
    if (tip !== null && (await readBlockHeader(chain, next - 1n))?.hash !== tip) {
      const ancestor = await findAncestor();
      result.withdrawn += await rollBack(deps, chain, owner, next, ancestor);
      next = ancestor + 1n;
    }
    try {
      while (next <= head && result.blocks < MAX_BLOCKS_PER_RUN && !signal?.aborted) {
        const read = await readBlock(chain, next, watched);
        const parent = await repo.blockHash(deps.db, network, next - 1n);
        if (!read || (parent !== null && read.block.parentHash !== parent)) {
          const ancestor = await findAncestor();
          result.withdrawn += await rollBack(deps, chain, owner, next, ancestor);
          next = ancestor + 1n;
          head = await chain.client.getBlockNumber();
          continue;
        }
        const recorded = await recordBlock(deps, chain, owner, read.block, read.transfers);
        result.payments += recorded.counted;
        result.refused += recorded.refused.length;
        for (const refused of recorded.refused) options.onError?.(refused);
        result.blocks += 1;
        next += 1n;
        lease = await repo.holdLease(deps.db, network, owner, leaseMs);
        if (!lease || lease.next !== next) throw new LeaseLost(network);
      }
      result.payments += await retryFailures(deps, chain, next - 1n, options.onError);
      await raiseConfirmations(deps, chain, next - 1n, options.onError);
      await repo.pruneBlocks(deps.db, network, next - KEEP_BLOCKS);
    } catch (error) {
      if (error instanceof LeaseLost) return { ...result, leader: false };
      throw error;
    }
    return result;
  }

  return { owner, runOnce, release: () => repo.releaseLease(deps.db, network, owner) };
}

/** Runs the watcher every pollIntervalMs until stopped; stopping lets another replica take over at once. */
export function startEvmWatcher(deps: Deps, chain: EvmChain, options: WatcherOptions = {}) {
  const watcher = createEvmWatcher(deps, chain, options);
  const periodic = startPeriodic(
    async (signal) => {
      await watcher.runOnce(signal);
    },
    { intervalMs: chain.config.pollIntervalMs, onError: options.onError },
  );
  return {
    watcher,
    async stop() {
      await periodic.stop();
      await watcher.release().catch(() => {});
    },
  };
}
