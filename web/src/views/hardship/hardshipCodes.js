// Coded values of hardship files (src/hardship/file.h) and what each workflow step asks for.

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

/** Steps that a union above the file's own takes (and never the file's own union). */
export const kUpperActions = new Set(['approve', 'return']);
/** Steps whose dialog insists on a reason (the server refuses them without one). */
export const kReasonRequired = new Set(['democratic_review', 'return', 'reject', 'record_aid', 'relieve', 'close']);
export const kDangerActions = new Set(['reject', 'return', 'close']);
export const kFilingLevels = ['local', 'provincial', 'national'];
/** How far back a notice may have gone up (the server's bound). */
export const kNoticeBackDays = 30;
export const kMaxReasonLength = 200;
export const kMaxObjectionLength = 2000;

/** The permission a step needs (the server checks it against the file's org). */
export function actionPermission(action) {
  return kUpperActions.has(action) ? 'hardship:file:approve' : 'hardship:file:write';
}

/**
 * The steps of `file.next_actions` this session may take. The server lists every step the state
 * allows, whoever asks; approve and return belong to a union above the file's, so a cadre of the
 * file's own union does not get them.
 */
export function allowedActions(file, session) {
  return (file?.next_actions || []).filter((action) => {
    if (!session.can(actionPermission(action))) return false;
    if (kUpperActions.has(action)) return session.user?.org_id !== file.org_id;
    // 脱困 needs six months above the minimum on record (the server says so otherwise).
    if (action === 'exit_out') return Boolean(file.exit_candidate);
    return true;
  });
}

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
