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
