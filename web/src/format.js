// Display helpers shared by the views. Times are stored in UTC and shown in Asia/Shanghai.

const kTimeZone = 'Asia/Shanghai';

/** "2026-11-28 18:00" in Beijing time; '' for an empty or unreadable value. */
export function formatDateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: kTimeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Thousands separators, in the convention both languages on screen share. */
export function formatCount(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '';
}

const kByteUnits = ['KB', 'MB', 'GB'];

/** A size in bytes as people read it, in binary units: 812 → "812 B", 1536 → "1.5 KB". */
export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${n} B`;
  let value = n;
  let unit = -1;
  // 1023.96 KB would print as "1024 KB": such values go up a unit.
  while (value >= 1023.95 && unit < kByteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : Number(value.toFixed(1))} ${kByteUnits[unit]}`;
}

const kYuan = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Fen (the API's integer money) as yuan with two decimals and separators: 115000 → "1,150.00". */
export function formatYuan(fen) {
  if (typeof fen !== 'number' || !Number.isFinite(fen)) return '';
  return kYuan.format(fen / 100);
}

/**
 * Yuan as typed ("1150", "1,150.5", "１１５０") to integer fen; null for empty text, NaN when it
 * is not an amount of at most two decimals.
 */
export function yuanToFen(text) {
  const cleaned = String(text ?? '')
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '');
  if (!cleaned) return null;
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return Number.NaN;
  const [whole, part = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

/** Fen back to yuan as a money field shows it: 115000 → "1150", 115050 → "1150.50"; '' when empty. */
export function fenToYuanText(fen) {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return '';
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents ? `${whole}.${String(cents).padStart(2, '0')}` : String(whole);
}

/** Today's date in Beijing, "YYYY-MM-DD" (the server's calendar), shifted by `days`. */
export function todayInShanghai(days = 0) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: kTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(Date.now() + days * 86_400_000))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}
