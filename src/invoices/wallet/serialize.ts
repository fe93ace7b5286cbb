// The wallet's wire shapes: the create answers and the callbacks (the vendor's transaction callback:
// keys in the documented order, every amount a string with 8 decimals, times as unix seconds).
import type { DepositAddressRow } from '../addresses/repository.js';
import { depositFee, findCurrency } from '../currencies.js';
import { formatUnits } from '../money.js';
import type { WalletTransactionRow } from './repository.js';

const amount = (units: bigint) => formatUnits(units);

export const addressData = (a: DepositAddressRow) => ({
  id: Number(a.id),
  currency: a.currency,
  address: a.address,
  tag: a.tag,
  foreign_id: a.foreign_id,
  end_user_reference: a.end_user_reference,
  ...(a.convert_to ? { convert_to: a.convert_to } : {}),
});

/** The deposit's fee, in the crypto received. */
export const depositFeeOf = (t: WalletTransactionRow): bigint => {
  const currency = findCurrency(t.sender_currency);
  return currency ? depositFee(currency, t.sender_amount) : 0n;
};

export function depositCallback(t: WalletTransactionRow, a: DepositAddressRow) {
  const fee = depositFeeOf(t);
  const exchanged = t.receiver_currency !== t.sender_currency;
  // receiver_amount is what is booked: the crypto net of the fee, converted at `price` when convert_to is set.
  const receivedNet = t.receiver_amount;
  // The gross in the received currency, in proportion to the net (the 8-decimal rate would lose precision).
  const net = t.sender_amount - fee;
  const receivedGross = exchanged ? (net > 0n ? (receivedNet * t.sender_amount) / net : 0n) : t.sender_amount;
  return {
    id: Number(t.id),
    foreign_id: t.foreign_id,
    end_user_reference: t.end_user_reference,
    type: t.type,
    crypto_address: {
      id: Number(a.id),
      currency: a.currency,
      address: a.address,
      tag: a.tag,
      ...(a.convert_to ? { convert_to: a.convert_to } : {}),
    },
    currency_sent: { currency: t.sender_currency, amount: amount(t.sender_amount) },
    currency_received: { currency: t.receiver_currency, amount: amount(receivedGross), amount_minus_fee: amount(receivedNet) },
    transactions: [
      {
        id: Number(t.id),
        currency: t.sender_currency,
        transaction_type: 'blockchain',
        type: 'deposit',
        address: t.address,
        tag: t.tag,
        amount: amount(t.sender_amount),
        txid: t.txid,
        confirmations: String(t.confirmations),
      },
      ...(exchanged && t.status === 'confirmed' ? [exchangeLeg(t, t.sender_amount - fee, receivedNet)] : []),
    ],
    fees: fee > 0n ? [{ type: 'fee_crypto_deposit', currency: t.sender_currency, amount: amount(fee) }] : [],
    error: t.error ?? '',
    status: t.status,
  };
}

const exchangeLeg = (t: WalletTransactionRow, from: bigint, to: bigint) => ({
  id: Number(t.id),
  currency: t.sender_currency,
  currency_to: t.receiver_currency,
  transaction_type: 'exchange',
  type: 'exchange',
  amount: amount(from),
  amount_to: amount(to),
});

export const withdrawalData = (t: WalletTransactionRow) => ({
  id: Number(t.id),
  foreign_id: t.foreign_id,
  end_user_reference: t.end_user_reference,
  type: t.type,
  status: t.status,
  amount: amount(t.sender_amount),
  sender_amount: amount(t.sender_amount),
  sender_currency: t.sender_currency,
  receiver_currency: t.receiver_currency,
  receiver_amount: amount(t.receiver_amount),
});

export function withdrawalCallback(t: WalletTransactionRow) {
  const exchanged = t.receiver_currency !== t.sender_currency;
  return {
    id: Number(t.id),
    foreign_id: t.foreign_id,
    end_user_reference: t.end_user_reference,
    type: t.type,
    crypto_address: { currency: t.receiver_currency, address: t.address, tag: t.tag },
    currency_sent: { currency: t.sender_currency, amount: amount(t.sender_amount) },
    currency_received: { currency: t.receiver_currency, amount: amount(t.receiver_amount) },
    transactions: [
      ...(exchanged ? [exchangeLeg(t, t.sender_amount, t.receiver_amount)] : []),
      {
        id: Number(t.id),
        currency: t.receiver_currency,
        transaction_type: 'blockchain',
        type: 'withdrawal',
        address: t.address,
        tag: t.tag,
        amount: amount(t.receiver_amount),
        txid: t.txid,
        confirmations: String(t.confirmations),
      },
    ],
    fees: [],
    error: t.error ?? '',
    status: t.status,
  };
}

export const exchangeData = (t: WalletTransactionRow, status = 'processing') => ({
  id: Number(t.id),
  foreign_id: t.foreign_id,
  type: 'exchange',
  sender_amount: amount(t.sender_amount),
  sender_currency: t.sender_currency,
  receiver_amount: amount(t.receiver_amount),
  receiver_currency: t.receiver_currency,
  fee_amount: amount(t.fee_amount),
  fee_currency: t.sender_currency,
  price: amount(t.price ?? 0n),
  status,
});

export function exchangeCallback(t: WalletTransactionRow) {
  return {
    id: Number(t.id),
    foreign_id: t.foreign_id,
    type: 'exchange',
    currency_sent: { currency: t.sender_currency, amount: amount(t.sender_amount) },
    currency_received: { currency: t.receiver_currency, amount: amount(t.receiver_amount) },
    transactions: [exchangeLeg(t, t.sender_amount, t.receiver_amount)],
    fees: [],
    error: t.error ?? '',
    status: t.status,
  };
}
