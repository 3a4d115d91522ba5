// Coded values of the assistance funds (src/funds/ledger.h, aid.h) and how the pages show them.

/** Where a fund's money comes from (a fund account lists the ones it may receive). */
export const kSources = ['upper_allocation', 'central_budget', 'local_budget', 'unit_contribution', 'donation', 'interest'];
/** What a fund may pay for: the aid kinds, and allocation to the funds of lower unions. */
export const kPurposes = ['living', 'medical', 'school', 'job_training', 'legal', 'campaign_gift', 'allocation'];
/** The kinds of aid a household may receive (each is also the payment's purpose). */
export const kAidKinds = ['living', 'medical', 'school', 'job_training', 'legal', 'campaign_gift'];
// An aid's reason (asking, refusing) is a text field of the server's default limit: GET
// /api/v1/limits, text_max_chars.

// Aid is awaiting_approval, posted or rejected; a transfer is posted, pending (a reservation),
// post (the reservation paid) or void (released).
const kAidStateTags = { awaiting_approval: 'warning', posted: 'success', rejected: 'info' };
const kTransferKindTags = { posted: 'primary', pending: 'warning', post: 'success', void: 'info' };

export const aidStateTagType = (state) => kAidStateTags[state] || 'info';
export const transferKindTagType = (kind) => kTransferKindTags[kind] || 'info';

/**
 * Whether a transfer moves money in (+1) or out (−1) of the account on screen. Funds and payables
 * grow with credits; an income account records income on its debit side.
 */
export function flowSign(account, direction) {
  const inward = account?.kind === 'income' ? direction === 'debit' : direction === 'credit';
  return inward ? 1 : -1;
}

/** A reservation and its void change no balance: their amounts are shown apart. */
export const movesBalance = (kind) => kind === 'posted' || kind === 'post';

/** What is held back for aid awaiting approval: the balance less what may still be spent. */
export const reservedFen = (account) => Math.max(0, (account?.balance ?? 0) - (account?.available ?? 0));
