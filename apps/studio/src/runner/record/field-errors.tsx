/**
 * The server's validation errors of the record being edited, by JSON pointer (`/email`,
 * `/products/2/quantity`), so each widget, however deep, shows its own.
 */
import { createContext, useContext, type ReactNode } from 'react';

const FieldErrorsContext = createContext<ReadonlyMap<string, string>>(new Map());

export function FieldErrorsProvider({ errors, children }: { errors: ReadonlyMap<string, string>; children: ReactNode }) {
  return <FieldErrorsContext.Provider value={errors}>{children}</FieldErrorsContext.Provider>;
}

export function useFieldErrors(): ReadonlyMap<string, string> {
  return useContext(FieldErrorsContext);
}
