/**
 * The app a runner page works in, provided once by the runner's routes: its model (bundle and
 * access), key and the locale labels are shown in. Widgets and pages read it with `useRunner()`.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { AppModel, Locale } from './app-model.ts';

export interface RunnerContextValue {
  app: AppModel;
  locale: Locale;
  /** The signed-in user's id, for `currentUser` in conditions and filters. */
  userId: number | undefined;
}

const RunnerContext = createContext<RunnerContextValue | undefined>(undefined);

export function RunnerProvider({ value, children }: { value: RunnerContextValue; children: ReactNode }) {
  return <RunnerContext.Provider value={value}>{children}</RunnerContext.Provider>;
}

export function useRunner(): RunnerContextValue {
  const value = useContext(RunnerContext);
  if (!value) throw new Error('useRunner() outside <RunnerProvider>');
  return value;
}
