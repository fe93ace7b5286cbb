// A real local chain for the EVM tests: Anvil (from node_modules) with automatic mining off, so a
// test decides which block holds what; a funded payer; an ERC-20 deployed from the OpenZeppelin
// artifact; and a merchant key whose addresses an independent derivation (viem's) can check.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type Hash,
  type Hex,
  type PublicClient,
  type TestClient,
  type WalletClient,
} from 'viem';
import { HDKey, hdKeyToAccount, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { freePort } from '../helpers/process.js';

const require = createRequire(import.meta.url);
const ANVIL = path.join(path.dirname(require.resolve('@foundry-rs/anvil-linux-amd64/package.json')), 'bin', 'anvil');
const ERC20 = require('@openzeppelin/contracts/build/contracts/ERC20PresetFixedSupply.json') as { abi: any[]; bytecode: Hex };

/** Anvil's first default account (public test key): the payer. */
export const PAYER = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');

/** The merchant's wallet: a fixed seed; offerpay is given only the account-level xpub (m/44'/60'/0'). */
const MERCHANT_SEED = Buffer.from('6f666665727061792d746573742d6d65726368616e742d736565642d30313233343536373839', 'hex');
const merchantRoot = HDKey.fromMasterSeed(MERCHANT_SEED);
export const MERCHANT_XPUB = merchantRoot.derive("m/44'/60'/0'").publicExtendedKey;
/** Receive address i as a wallet derives it from the seed (m/44'/60'/0'/0/i), independently of offerpay. */
export const merchantAddress = (i: number) => hdKeyToAccount(merchantRoot, { addressIndex: i }).address;

export interface Anvil {
  url: string;
  client: PublicClient;
  test: TestClient<'anvil'>;
  wallet: WalletClient;
  mine(blocks?: number): Promise<void>;
  /** Sends `wei` from the payer; returns the signed bytes too, to send the same transaction again after a reorganisation. */
  pay(to: string, wei: bigint): Promise<{ hash: Hash; raw: Hex }>;
  deployToken(): Promise<`0x${string}`>;
  payToken(token: `0x${string}`, to: string, amount: bigint): Promise<Hash>;
  rollback(depth: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startAnvil(): Promise<Anvil> {
  const port = await freePort();
  const child: ChildProcess = spawn(ANVIL, ['--port', String(port), '--no-mining', '--silent'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const client = createPublicClient({ chain: foundry, transport: http(url), cacheTime: 0 });
  for (let i = 0; ; i++) {
    try {
      await client.getChainId();
      break;
    } catch (error) {
      if (i > 100 || child.exitCode !== null) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const test = createTestClient({ mode: 'anvil', chain: foundry, transport: http(url) });
  const wallet = createWalletClient({ account: PAYER, chain: foundry, transport: http(url) });
  const mine = (blocks = 1) => test.mine({ blocks });
  return {
    url,
    client,
    test,
    wallet,
    mine,
    async pay(to, wei) {
      const request = await wallet.prepareTransactionRequest({ account: PAYER, chain: foundry, to: to as Hex, value: wei });
      const raw = await wallet.signTransaction(request as never);
      return { hash: await client.sendRawTransaction({ serializedTransaction: raw }), raw };
    },
    async deployToken() {
      const hash = await wallet.deployContract({
        account: PAYER,
        chain: foundry,
        abi: ERC20.abi,
        bytecode: ERC20.bytecode,
        args: ['Tether USD', 'USDT', 10n ** 30n, PAYER.address],
      });
      await mine();
      const receipt = await client.getTransactionReceipt({ hash });
      return receipt.contractAddress!;
    },
    payToken: (token, to, amount) =>
      wallet.writeContract({
        account: PAYER,
        chain: foundry,
        address: token,
        abi: ERC20.abi,
        functionName: 'transfer',
        args: [to, amount],
      }),
    async rollback(depth) {
      await test.request({ method: 'anvil_rollback', params: [depth] } as never);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
