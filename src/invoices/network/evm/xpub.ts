// A merchant's account-level extended public key (BIP-44 m/44'/60'/0'). Deposit address i is
// xpub/0/i: offerpay derives addresses, never holds a private key, and shows only a fingerprint.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { HDKey } from '@scure/bip32';
import { publicKeyToAddress } from 'viem/accounts';

/** The parsed key, or null when `xpub` is not a public extended key at account depth (3). */
export function parseEvmXpub(xpub: string): HDKey | null {
  if (!/^[xt]pub[1-9A-HJ-NP-Za-km-z]{100,112}$/.test(xpub)) return null;
  try {
    const key = HDKey.fromExtendedKey(xpub);
    return key.privateKey === null && key.depth === 3 ? key : null;
  } catch {
    return null;
  }
}

/** The checksummed address of receive index `index` (external chain 0). */
export function deriveEvmAddress(account: HDKey, index: number): `0x${string}` {
  const child = account.deriveChild(0).deriveChild(index);
  const uncompressed = secp256k1.Point.fromBytes(child.publicKey!).toBytes(false);
  return publicKeyToAddress(`0x${Buffer.from(uncompressed).toString('hex')}`);
}

/** The BIP-32 fingerprint of the key itself (8 hex digits): enough to tell keys apart, nothing to derive from. */
export function xpubFingerprint(account: HDKey): string {
  return account.fingerprint.toString(16).padStart(8, '0');
}
