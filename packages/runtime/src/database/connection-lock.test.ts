import { describe, expect, it } from 'vitest';
import { ConnectionLock } from './connection-lock.ts';

describe('ConnectionLock', () => {
  it('lets one holder in at a time, in the order they asked', async () => {
    const lock = new ConnectionLock();
    const events: string[] = [];
    const hold = async (name: string) => {
      const release = await lock.acquire();
      events.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`${name} out`);
      release();
    };
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('does not let a late caller jump the queue while the lock passes to the next waiter', async () => {
    const lock = new ConnectionLock();
    const order: string[] = [];
    const releaseFirst = await lock.acquire();
    const second = lock.acquire().then((release) => {
      order.push('second');
      release();
    });
    releaseFirst();
    const third = lock.acquire().then((release) => {
      order.push('third');
      release();
    });
    await Promise.all([second, third]);
    expect(order).toEqual(['second', 'third']);
  });

  it('ignores a second release of the same hold', async () => {
    const lock = new ConnectionLock();
    const release = await lock.acquire();
    const waiter = lock.acquire();
    const lateWaiter = lock.acquire();
    release();
    release();
    const releaseWaiter = await waiter;
    expect(lock.waiting).toBe(1);
    releaseWaiter();
    (await lateWaiter)();
    expect(lock.waiting).toBe(0);
  });
});
