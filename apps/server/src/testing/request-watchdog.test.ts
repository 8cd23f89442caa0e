import { afterAll, describe, expect, it } from 'vitest';
import { startWatchdog } from './request-watchdog.ts';

// The watchdog's other half (killing a process whose thread never yields) ends the process by
// design, so it is not run here; a request that answers late is.
describe('request watchdog', () => {
  const watchdog = startWatchdog({ limitMs: 200, context: 'seed 1' });
  afterAll(() => watchdog.stop());

  it('passes answers within the limit and fails a request that answered late', async () => {
    await expect(watchdog.watch('fast', async () => 'ok')).resolves.toBe('ok');
    await expect(watchdog.watch('GET /slow', () => new Promise((resolve) => setTimeout(resolve, 400)))).rejects.toThrow(/GET \/slow took \d+ ms, more than 200 ms \(seed 1\)/);
  });
});
