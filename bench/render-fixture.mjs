/**
 * Seeds a Lookout store with months of history for N monitors, fast: rollups are inserted
 * directly (one row per hour and per day, as the writer would have left them), raw results for
 * the last `rawDays` with their ten-minute sums, and a few incidents (state changes) per monitor.
 *
 * Plain JavaScript so `node bench/render.mjs` runs it against build/ and vitest against src/:
 * the caller passes the store and a function making each monitor's spec.
 *
 * @param {any} store            an open Store (src/storage/store.ts)
 * @param {object} options
 * @param {number} options.monitors
 * @param {(index: number) => any} options.spec   a complete MonitorSpec for monitor `index`
 * @param {number} [options.days=90]      days of rollups
 * @param {number} [options.rawDays=7]    days of raw results
 * @param {number} [options.intervalS=60] seconds between checks
 * @param {number} [options.now=Date.now()]
 * @returns {{ keys: number[] }}
 */
export function seedHistory(store, options) {
  const { monitors, spec } = options;
  const days = options.days ?? 90;
  const rawDays = options.rawDays ?? 7;
  const intervalS = options.intervalS ?? 60;
  const now = options.now ?? Date.now();
  const HOUR = 3_600_000;
  const DAY = 86_400_000;
  const perHour = Math.round(3600 / intervalS);
  const db = store.db;
  const insertHour = db.prepare(
    'INSERT OR REPLACE INTO rollups_hourly (monitor, bucket, checks, up, degraded, total_ms, hist, phased, dns_ms, connect_ms, tls_ms, first_byte_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertDay = db.prepare('INSERT OR REPLACE INTO rollups_daily (monitor, bucket, checks, up, degraded, total_ms, hist) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertResult = db.prepare('INSERT OR REPLACE INTO results (monitor, at, status, code, total, dns, connect, tls, ttfb, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)');
  const insertChange = db.prepare('INSERT INTO state_changes (monitor, at, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)');
  // The ten-minute sums the writer keeps for the last two days, from the raw results inserted.
  const fillTens = db.prepare(
    `INSERT OR REPLACE INTO rollups_tens
       SELECT monitor, at / 600000, COUNT(*), SUM(status = 1), SUM(status = 2), SUM(CASE WHEN status != 0 THEN total ELSE 0 END),
              SUM(status != 0 AND ttfb IS NOT NULL),
              SUM(CASE WHEN status != 0 AND ttfb IS NOT NULL THEN COALESCE(dns, 0) ELSE 0 END),
              SUM(CASE WHEN status != 0 AND ttfb IS NOT NULL THEN COALESCE(connect, 0) ELSE 0 END),
              SUM(CASE WHEN status != 0 AND ttfb IS NOT NULL THEN COALESCE(tls, 0) ELSE 0 END),
              SUM(CASE WHEN status != 0 AND ttfb IS NOT NULL THEN ttfb ELSE 0 END)
       FROM results WHERE monitor = ? AND at >= ? GROUP BY at / 600000`,
  );
  // A histogram with every answer in one bucket (about 100 ms): see src/storage/histogram.ts.
  const hist = (count) => {
    const bytes = [21];
    let rest = count;
    while (rest >= 0x80) {
      bytes.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
    return Buffer.from(bytes);
  };
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };

  const keys = [];
  const firstHour = Math.floor((now - days * DAY) / HOUR);
  const lastHour = Math.floor(now / HOUR);
  db.transaction(() => {
    for (let index = 0; index < monitors; index++) {
      const monitorSpec = spec(index);
      const key = store.monitors.insert(monitorSpec.id, 'file', monitorSpec, now - days * DAY).key;
      keys.push(key);
      // Three outages of 2 to 42 minutes somewhere in the period.
      const outages = [];
      for (let count = 0; count < 3; count++) {
        const start = now - Math.floor(random() * days * DAY);
        outages.push({ start, end: start + Math.floor(2 + random() * 40) * 60_000 });
      }
      outages.sort((a, b) => a.start - b.start);
      for (const outage of outages) {
        insertChange.run(key, outage.start, 'up', 'down', 'connection refused');
        insertChange.run(key, outage.end, 'down', 'up', null);
      }
      const downIn = (from, to) => outages.reduce((sum, outage) => sum + Math.max(0, Math.min(to, outage.end) - Math.max(from, outage.start)), 0);
      const dayTotals = new Map();
      for (let hour = firstHour; hour <= lastHour; hour++) {
        const start = hour * HOUR;
        const checks = hour === lastHour ? Math.max(1, Math.floor(((now - start) / HOUR) * perHour)) : perHour;
        const down = Math.min(checks, Math.round((downIn(start, start + HOUR) / HOUR) * checks));
        const degraded = random() < 0.02 ? 1 : 0;
        const answered = checks - down;
        const totalMs = answered * (80 + Math.floor(random() * 60));
        // Phase sums of the answers, in the proportions the raw results below have on average.
        const perAnswer = totalMs / Math.max(1, answered);
        insertHour.run(key, hour, checks, answered - degraded, degraded, totalMs, hist(answered), answered,
          Math.round(answered * perAnswer * 0.025), Math.round(answered * perAnswer * 0.08), Math.round(answered * perAnswer * 0.25), Math.round(answered * perAnswer * 0.5));
        const day = Math.floor(start / DAY);
        const sums = dayTotals.get(day) ?? { checks: 0, up: 0, degraded: 0, totalMs: 0 };
        sums.checks += checks;
        sums.up += answered - degraded;
        sums.degraded += degraded;
        sums.totalMs += totalMs;
        dayTotals.set(day, sums);
      }
      for (const [day, sums] of dayTotals) insertDay.run(key, day, sums.checks, sums.up, sums.degraded, sums.totalMs, hist(sums.up + sums.degraded));
      let last = null;
      for (let at = Math.floor((now - rawDays * DAY) / 1000) * 1000; at <= now; at += intervalS * 1000) {
        const down = outages.some((outage) => at >= outage.start && at < outage.end);
        const dns = 1 + Math.floor(random() * 4);
        const connect = 5 + Math.floor(random() * 10);
        const tls = 20 + Math.floor(random() * 20);
        const ttfb = 30 + Math.floor(random() * 60);
        const total = down ? 2000 : dns + connect + tls + ttfb + Math.floor(random() * 10);
        insertResult.run(key, at, down ? 0 : 1, down ? null : 200, total, dns, connect, down ? null : tls, down ? null : ttfb);
        last = { at, status: down ? 'down' : 'up', httpStatus: down ? null : 200, totalMs: total, phases: { dns, connect, tls, firstByte: ttfb }, reason: down ? 'connection refused' : null, tls: null };
      }
      fillTens.run(key, now - 2 * DAY);
      if (last) store.monitors.saveState(key, { status: last.status, statusSince: now - 3 * DAY, failStreak: 0 }, last);
    }
  })();
  return { keys };
}
