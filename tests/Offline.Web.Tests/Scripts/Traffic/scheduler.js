// The slot clock's pure parts: jitter draws (range, every whole ms reachable, mean, rejection of bytes
// ≥ 171), the next-slot rule (never two cells to catch up), and a real Schedule's first slots on the grid.
async (inputs) => {
  const S = O.App.OutboundScheduler;
  const draws = [];
  for (let i = 0; i < inputs.draws; i++) {
    draws.push(S.jitterMs());
  }
  const fed = [171, 200, 255, 5];
  const rejected = S.jitterMs((array) => {
    array[0] = fed.shift();
  });
  const next = inputs.nextCases.map(([slot, elapsed, period]) => S.nextSlot(slot, elapsed, period));
  // A real Schedule on a 250 ms grid for a few slots: each fire is at start + k·250 + [30, 200] ms (timers may run a little late).
  const fires = await new Promise((resolve) => {
    const times = [];
    let start = 0;
    const schedule = new S.Schedule(250, (slot) => {
      times.push({ slot, offset: performance.now() - start - (slot * 250) });
      if (times.length === 8) {
        schedule.stop();
        resolve(times);
      }
    });
    start = performance.now();
    schedule.start();
  });
  return {
    min: Math.min(...draws), max: Math.max(...draws), distinct: new Set(draws).size, mean: draws.reduce((a, b) => a + b, 0) / draws.length,
    whole: draws.every((d) => Number.isInteger(d)), rejected, next, fires,
  };
}
