// Reading one block's payments to watched addresses: native transfers (a transaction's value to a
// watched `to`, kept only when the transaction succeeded) and ERC-20 `Transfer` logs of the
// configured tokens, asked with eth_getLogs by the block's hash (so logs and block always agree),
// filtered by token and, for a moderate number of watched addresses, by recipient on the node.
// Value moved by contract-internal calls (a contract wallet forwarding ETH) is not seen.
import { parseAbiItem, type Hash } from 'viem';
import type { EvmChain } from './chain.js';

const TRANSFER = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');
/** Above this many watched addresses the node returns every Transfer of the tokens and we filter here. */
const RECIPIENT_FILTER_MAX = 1000;

export interface ChainBlock {
  number: bigint;
  hash: string;
  parentHash: string;
}

export interface Transfer {
  txHash: string;
  /** -1 for a native transfer. */
  logIndex: number;
  /** Lower-case recipient. */
  to: string;
  currency: string;
  base: bigint;
}

/** The hashes of those transactions that succeeded: the block's receipts in one call, or one by one where the node lacks it. */
async function successfulTransactions(chain: EvmChain, blockHash: Hash, txs: Array<{ hash: Hash }>): Promise<Set<string>> {
  try {
    const receipts = (await chain.client.request({ method: 'eth_getBlockReceipts', params: [blockHash] } as never)) as Array<{
      transactionHash: string;
      status: string;
    }>;
    return new Set(receipts.filter((r) => r.status === '0x1').map((r) => r.transactionHash));
  } catch {
    const ok = new Set<string>();
    for (const t of txs) if ((await chain.client.getTransactionReceipt({ hash: t.hash })).status === 'success') ok.add(t.hash);
    return ok;
  }
}

export async function readBlockHeader(chain: EvmChain, number: bigint): Promise<ChainBlock | null> {
  const block = await chain.client.getBlock({ blockNumber: number }).catch((error: unknown) => {
    if ((error as { name?: string }).name === 'BlockNotFoundError') return null;
    throw error;
  });
  return block ? { number, hash: block.hash!, parentHash: block.parentHash } : null;
}

/** The block and its payments to `watched` addresses; null when the chain has no such block (any more). */
export async function readBlock(
  chain: EvmChain,
  number: bigint,
  watched: Set<string>,
): Promise<{ block: ChainBlock; transfers: Transfer[] } | null> {
  const block = await chain.client.getBlock({ blockNumber: number, includeTransactions: true }).catch((error: unknown) => {
    if ((error as { name?: string }).name === 'BlockNotFoundError') return null;
    throw error;
  });
  if (!block) return null;
  const transfers: Transfer[] = [];
  if (chain.native && watched.size > 0) {
    const candidates = block.transactions.filter((t) => t.to && t.value > 0n && watched.has(t.to.toLowerCase()));
    const succeeded = candidates.length > 0 ? await successfulTransactions(chain, block.hash!, candidates) : new Set<string>();
    for (const t of candidates)
      if (succeeded.has(t.hash))
        transfers.push({ txHash: t.hash, logIndex: -1, to: t.to!.toLowerCase(), currency: chain.native, base: t.value });
  }
  if (chain.tokens.size > 0 && watched.size > 0) {
    const recipients = watched.size <= RECIPIENT_FILTER_MAX ? ([...watched] as Hash[]) : undefined;
    const logs = await chain.client.getLogs({
      address: [...chain.tokens.keys()] as Hash[],
      event: TRANSFER,
      args: recipients ? { to: recipients } : undefined,
      blockHash: block.hash!,
    });
    for (const log of logs) {
      const to = log.args.to?.toLowerCase();
      const value = log.args.value;
      if (log.removed || !to || !value || !watched.has(to)) continue;
      const currency = chain.tokens.get(log.address.toLowerCase());
      if (currency) transfers.push({ txHash: log.transactionHash!, logIndex: log.logIndex!, to, currency, base: value });
    }
  }
  return { block: { number, hash: block.hash!, parentHash: block.parentHash }, transfers };
}
