// What can be invoiced and paid: the currencies and the pairs with the network's rates.
import type { Context } from '../platform/context.js';
import { CURRENCIES } from './currencies.js';
import { formatUnits } from './money.js';
import { merchantNetwork } from './network/select.js';

export function listCurrencies(ctx: Context, input: { visible?: boolean }) {
  // A live merchant's network takes only the crypto currencies it is configured with; every fiat
  // currency can still price an invoice (the price feed converts). Asking for hidden ones gives none.
  const takes = merchantNetwork(ctx).currencies;
  if (input.visible === false) return [];
  return CURRENCIES.filter((c) => c.type === 'fiat' || takes === undefined || takes.includes(c.currency)).map((c) => ({
    id: c.id,
    type: c.type,
    currency: c.currency,
    minimum_amount: formatUnits(c.minimumAmount),
    deposit_fee_percent: (Number(c.depositFeeBp) / 100).toFixed(6),
    withdrawal_fee_percent: (Number(c.withdrawalFeeBp) / 100).toFixed(6),
    precision: c.precision,
  }));
}

/**
 * Pairs with rates, optionally of one `from` and/or one `to` currency (currencies/pairs, currencies/rates):
 * crypto → any other currency (what a payer sends → what the merchant is credited) and fiat → crypto.
 */
export function listPairs(ctx: Context, input: { from?: string; to?: string }) {
  const { from, to } = input;
  const network = merchantNetwork(ctx);
  return CURRENCIES.filter((a) => from === undefined || a.currency === from).flatMap((a) =>
    CURRENCIES.filter(
      (b) => b.currency !== a.currency && (a.type === 'crypto' || b.type === 'crypto') && (to === undefined || b.currency === to),
    ).flatMap((b) => {
      const rate = network.rate(a.currency, b.currency);
      if (rate === null) return [];
      return [
        {
          currency_from: {
            currency: a.currency,
            type: a.type,
            min_amount: formatUnits(a.minimumAmount),
            min_amount_deposit_with_exchange: formatUnits(a.minimumAmount),
          },
          currency_to: { currency: b.currency, type: b.type },
          rate_from: '1',
          rate_to: formatUnits(rate),
        },
      ];
    }),
  );
}
