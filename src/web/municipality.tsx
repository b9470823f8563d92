import { createContext, useContext, type ReactNode } from 'react';
import type { Municipality } from './api/types.ts';
import { useApi } from './api/useApi.ts';

const MunicipalityContext = createContext<Municipality | null>(null);

/** Loads the municipality once for the whole app: its name is in the header and every page title. */
export function MunicipalityProvider({ children }: { children: ReactNode }) {
  const state = useApi<Municipality>('/api/v1/municipality');
  const municipality = state.status === 'ready' ? state.data : null;
  return <MunicipalityContext.Provider value={municipality}>{children}</MunicipalityContext.Provider>;
}

/** The municipality, or null while it loads (or when it could not be loaded). */
export function useMunicipality(): Municipality | null {
  return useContext(MunicipalityContext);
}
