// The wallet's transaction statuses, as the vendor documents them for deposits and withdrawals (not
// invoices): a deposit is `not_confirmed` until the chain confirms it; a withdrawal or exchange answers
// `processing` and ends `confirmed` or `cancelled`. Pure tables, exhaustively tested.
export const DEPOSIT_STATUSES = ['not_confirmed', 'confirmed', 'cancelled'] as const;
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number];
export const DEPOSIT_EVENTS = ['confirm', 'cancel'] as const;
export type DepositEvent = (typeof DEPOSIT_EVENTS)[number];

export const WITHDRAWAL_STATUSES = ['processing', 'confirmed', 'cancelled'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
export const WITHDRAWAL_EVENTS = ['confirm', 'cancel'] as const;
export type WithdrawalEvent = (typeof WITHDRAWAL_EVENTS)[number];

const DEPOSIT: Record<DepositStatus, Partial<Record<DepositEvent, DepositStatus>>> = {
  not_confirmed: { confirm: 'confirmed', cancel: 'cancelled' },
  confirmed: {},
  cancelled: {},
};

const WITHDRAWAL: Record<WithdrawalStatus, Partial<Record<WithdrawalEvent, WithdrawalStatus>>> = {
  processing: { confirm: 'confirmed', cancel: 'cancelled' },
  confirmed: {},
  cancelled: {},
};

/** The status after `event`, or null when the event may not happen in `status`. */
export const depositTransition = (status: DepositStatus, event: DepositEvent): DepositStatus | null => DEPOSIT[status][event] ?? null;
export const withdrawalTransition = (status: WithdrawalStatus, event: WithdrawalEvent): WithdrawalStatus | null =>
  WITHDRAWAL[status][event] ?? null;

/** A deposit counts as confirmed once it has the currency's required confirmations. */
export const depositEventFor = (confirmations: number, required: number): DepositEvent | null =>
  confirmations >= required ? 'confirm' : null;
