import { createContext, useContext } from 'react';
import type { MunicipalityInfo } from './api.ts';

/** The signed-in planner's municipality, provided by PlanningApp. */
export const MunicipalityContext = createContext<MunicipalityInfo | null>(null);
export const useMunicipalityInfo = () => useContext(MunicipalityContext);
