/**
 * A watchdog for tests that send hostile requests: each request must answer within `limitMs`. A
 * request that answers later fails its test; one that never yields the thread (a catastrophic
 * regular expression, an endless loop) cannot be caught by a timer on that thread, so a worker
 * thread watches and, after `killAfterMs` (three times the limit unless given), prints the request
 * and the seed and kills the test process, which fails the run instead of hanging it.
 *
 * @example
 * const watchdog = startWatchdog({ limitMs: 5000, context: `seed ${seed}` });
 * const response = await watchdog.watch('GET /api/…', () => server.inject({ … }));
 * await watchdog.stop();
 */
import { Worker } from 'node:worker_threads';

export interface Watchdog {
  /** Runs one request under the watchdog; throws when it took longer than the limit. */
  watch<T>(label: string, request: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
let current;
parentPort.on('message', (message) => { current = message.label === undefined ? undefined : { label: message.label, since: Date.now() }; });
setInterval(() => {
  if (current && Date.now() - current.since > workerData.limitMs) {
    writeSync(2, '\\nWATCHDOG: no answer after ' + workerData.limitMs + ' ms to ' + current.label + ' (' + workerData.context + '); killing the test process\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, 250);
`;

export function startWatchdog(options: { limitMs: number; killAfterMs?: number; context: string }): Watchdog {
  const worker = new Worker(workerSource, { eval: true, workerData: { limitMs: options.killAfterMs ?? options.limitMs * 3, context: options.context } });
  worker.unref();
  return {
    async watch<T>(label: string, request: () => Promise<T>): Promise<T> {
      worker.postMessage({ label });
      const started = performance.now();
      let answer: T;
      try {
        answer = await request();
      } finally {
        worker.postMessage({});
      }
      const took = performance.now() - started;
      if (took > options.limitMs) throw new Error(`${label} took ${Math.round(took)} ms, more than ${options.limitMs} ms (${options.context})`);
      return answer;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
