import { describeMessageParity } from '../../testing/messageParity.ts';
import de from './de.json';
import en from './en.json';

describeMessageParity('planner message files', de, en);
