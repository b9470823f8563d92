import { recordAudit } from '../server/audit.ts';
export const wrong = recordAudit;
