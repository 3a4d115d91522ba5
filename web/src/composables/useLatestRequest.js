/**
 * "Latest request wins" for a loader that may run again before its answer arrives (another id, a
 * changed filter, a reload): an older answer or failure must not overwrite the newer one on screen.
 * `begin()` starts a request and returns `isCurrent()`, true until the next `begin()`:
 *
 *   const latest = useLatestRequest();
 *   async function load() {
 *     const isCurrent = latest.begin();
 *     const answer = await fetchSomething();
 *     if (!isCurrent()) return;
 *     ...
 *   }
 */
export function useLatestRequest() {
  let serial = 0;

  function begin() {
    const mine = ++serial;
    return () => mine === serial;
  }

  return { begin };
}
