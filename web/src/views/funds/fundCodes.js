// Coded values of the assistance funds (src/funds/ledger.h, aid.h) and how the pages show them.

/** Where a fund's money comes from (a fund account lists the ones it may receive). */
export const kSources = ['upper_allocation', 'central_budget', 'local_budget', 'unit_contribution', 'donation', 'interest'];
/** What a fund may pay for: the aid kinds, and allocation to the funds of lower unions. */
export const kPurposes = ['living', 'medical', 'school', 'job_training', 'legal', 'campaign_gift', 'allocation'];
/** The kinds of aid a household may receive (each is also the payment's purpose). */
export const kAidKinds = ['living', 'medical', 'school', 'job_training', 'legal', 'campaign_gift'];
/**
 * Characters of an aid's reason, as for the workbench's other reasons (the server takes 1,000
 * bytes: 200 Chinese characters fit).
 */
export const kMaxAidReasonLength = 200;

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

/**
 * The level whose union approves an amount under a policy (approval_grassroots_max_fen,
 * approval_county_max_fen), as the server decides it; null without a policy or an amount.
 */
export function approvalLevelFor(policy, amountFen) {
  if (!policy || !Number.isFinite(amountFen) || amountFen <= 0) return null;
  if (amountFen <= policy.approval_grassroots_max_fen) return 'grassroots';
  if (amountFen <= policy.approval_county_max_fen) return 'county';
  if (!(amountFen > policy.approval_city_max_fen)) return 'city';
  if (!(amountFen > policy.approval_province_max_fen)) return 'province';
  return 'national';
}

/**
 * The policy's yearly cap on one aid kind for a household of a category (the other kinds share the
 * total cap). Living aid is also at most so many months of 低保, fewer for relative hardship.
 */
export function kindCapFen(policy, kind, category) {
  if (!policy) return null;
  if (kind === 'living') {
    const months = category === 'relative' ? policy.living_aid_months_relative : policy.living_aid_months_deep;
    const byMonths = Number.isFinite(months) ? months * policy.dibao_monthly_fen : Infinity;
    return Math.min(policy.aid_cap_living_fen, byMonths);
  }
  const caps = { medical: policy.aid_cap_medical_fen, school: policy.aid_cap_school_fen };
  return caps[kind] ?? policy.aid_cap_household_year_fen;
}
