// What a file's events say, in the language on screen: shared by the cadres' timeline (Element
// Plus) and the worker's (Vant steps). `simple` is the worker's own view: no cadre names, no
// objections (who raised them is the union's to protect).
import { codeLabel } from '../../i18n/index.js';
import { formatYuan } from '../../format.js';

const kUnionOnly = new Set(['objection', 'objection_answer']);
// A worker's account is named by its phone number.
const kPhoneUsername = /^1\d{10}$/;

/** The events newest first, leaving out what the worker does not see. */
export function visibleEvents(events, simple) {
  return [...events].reverse().filter((event) => !simple || !kUnionOnly.has(event.action));
}

/** Who took a step: "the worker" rather than a phone number that is masked everywhere else. */
export function actorName(actor, t) {
  return kPhoneUsername.test(actor) ? t('hardship.timeline.worker') : actor;
}

/** "已核实 → 公示中", or '' when the step kept the state. */
export function stateChange(event) {
  if (!event.from_state || event.from_state === event.to_state) return '';
  return `${codeLabel('hardshipStates', event.from_state)} → ${codeLabel('hardshipStates', event.to_state)}`;
}

/** The lines a step's detail adds (assessment, notice window, level, objections, months, aid). */
export function detailLines(event, t, simple) {
  const d = event.detail || {};
  const lines = [];
  if (event.action === 'apply' && d.channel) {
    lines.push(t(d.channel === 'worker' ? 'hardship.timeline.channelWorker' : 'hardship.timeline.channelCadre'));
  }
  if (d.category && typeof d.per_head_monthly_fen === 'number') {
    lines.push(
      t('hardship.timeline.assessed', {
        category: codeLabel('hardshipCategories', d.category),
        amount: formatYuan(d.per_head_monthly_fen),
        policy: d.policy || '',
      }),
    );
  }
  if (d.from_category && d.from_category !== d.category) {
    lines.push(t('hardship.timeline.fromCategory', { category: codeLabel('hardshipCategories', d.from_category) }));
  }
  if (d.notice_start && d.notice_end) {
    lines.push(t('hardship.timeline.notice', { start: d.notice_start, end: d.notice_end, days: d.working_days ?? '' }));
  }
  if (d.level) lines.push(t('hardship.timeline.level', { level: codeLabel('filingLevels', d.level) }));
  if (d.next_review_due) lines.push(t('hardship.timeline.nextReview', { day: d.next_review_due }));
  if (!simple && d.content) lines.push(t('hardship.timeline.objection', { content: d.content }));
  if (!simple && d.answer) lines.push(t('hardship.timeline.answer', { answer: d.answer }));
  if (String(event.action).startsWith('aid_') && d.kind && typeof d.amount_fen === 'number') {
    lines.push(t('hardship.timeline.aid', { kind: codeLabel('aidKinds', d.kind), amount: formatYuan(d.amount_fen) }));
  }
  if (d.month && typeof d.per_head_monthly_fen === 'number') {
    lines.push(
      t('hardship.timeline.month', {
        month: d.month,
        amount: formatYuan(d.per_head_monthly_fen),
        dibao: formatYuan(d.dibao_monthly_fen),
      }),
    );
  }
  return lines;
}
