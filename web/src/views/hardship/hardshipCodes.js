// Coded values of hardship files (src/hardship/file.h) and how the pages show them.

export const kFileStates = [
  'applied',
  'checked',
  'visited',
  'verified',
  'reviewed',
  'notice',
  'upper_review',
  'returned',
  'filed',
  'aided',
  'monitoring',
  'rejected',
  'closed',
];
export const kCategories = ['deep', 'relative', 'accident', 'none', 'excluded'];
/** The review workbench's queues, in the order a cadre works through them. */
export const kQueues = [
  'tasks',
  'upper_review',
  'notice_ending',
  'review_due',
  'overdue',
  'stale',
  'never_aided',
  'exit_candidates',
];

export const kFilingLevels = ['local', 'provincial', 'national'];
// What each step needs (a reason, a union above the file's own), how far back a notice may have
// gone up and how long a reason may be are the server's rules: the rules store (stores/rules.js)
// reads them from GET /api/v1/hardship/steps and GET /api/v1/limits, and a file's next_actions
// already lists only the steps its reader may take.

export function stateTagType(state) {
  switch (state) {
    case 'filed':
    case 'aided':
      return 'success';
    case 'notice':
      return 'primary';
    case 'upper_review':
    case 'applied':
    case 'checked':
    case 'visited':
    case 'verified':
    case 'reviewed':
      return 'warning';
    case 'returned':
    case 'rejected':
      return 'danger';
    default:
      return 'info';
  }
}

export function categoryTagType(category) {
  switch (category) {
    case 'deep':
      return 'danger';
    case 'relative':
      return 'warning';
    case 'accident':
      return 'primary';
    default:
      return 'info';
  }
}

/** The date a cadre watches on a file in its state. */
export function keyDate(file) {
  if (file.state === 'notice') return { kind: 'noticeEnd', day: file.notice_end };
  if (file.next_review_due && (file.state === 'filed' || file.state === 'aided')) {
    return { kind: 'reviewDue', day: file.next_review_due };
  }
  if (file.filed_at) return { kind: 'filedAt', day: file.filed_at };
  return null;
}

/** The states a file may be corrected in (PATCH), by its holder only while applied. */
export const kEditableStates = new Set(['applied', 'checked', 'visited', 'returned']);
/** A worker may apply again when they have no file or only a finished one. */
export const kFinishedStates = new Set(['rejected', 'closed']);

/** A cause's name from the dictionary in the language on screen; the code when it is unknown. */
export function causeLabel(causes, code, locale) {
  const cause = causes.find((item) => item.code === code);
  if (!cause) return code || '';
  return locale === 'en' ? cause.name_en : cause.name_zh;
}
