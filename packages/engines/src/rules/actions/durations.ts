/**
 * Durations of metadata (`due: "P1D"`, `remindBefore: "PT2H"`, or a number of hours) in
 * milliseconds. Days are 24 hours; months and years are not durations here.
 */
import type { Duration } from '@pipewright/metadata';

const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The length of a duration in milliseconds, or undefined when it is not one. */
export function durationMillis(duration: Duration): number | undefined {
  if (typeof duration === 'number') return Number.isFinite(duration) && duration >= 0 ? duration * 3_600_000 : undefined;
  const m = iso.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((part) => Number(part ?? 0));
  return ((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000;
}
