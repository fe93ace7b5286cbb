// Whether a string can be a receiving address of a currency: a syntax check (mainnet and testnet
// forms), enough to refuse typos and addresses of another chain before any money moves.
const FORMATS: Record<string, RegExp> = {
  BTC: /^(bc1|tb1|bcrt1)[02-9ac-hj-np-z]{11,87}$|^[123mn][1-9A-HJ-NP-Za-km-z]{25,34}$/,
  LTC: /^(ltc1|tltc1|rltc1)[02-9ac-hj-np-z]{11,87}$|^[LM3Qmn2][1-9A-HJ-NP-Za-km-z]{25,34}$/,
  ETH: /^0x[0-9a-fA-F]{40}$/,
  USDTE: /^0x[0-9a-fA-F]{40}$/,
  USDC: /^0x[0-9a-fA-F]{40}$/,
  // TRON: T + 33 characters (base58 on chain; the sandbox's own addresses are hex, accepted too).
  USDTT: /^T[0-9A-Za-z]{33}$/,
};

export const isAddressOf = (currency: string, address: string): boolean => FORMATS[currency]?.test(address) ?? false;
