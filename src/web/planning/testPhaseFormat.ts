import type { TestPhaseKpi, TestPhaseKpiDefinition, TestPhaseKpiResult, TestPhaseReason } from './api.ts';
import { useFormat } from './format.ts';

/** The unit each KPI's target and actual are in (the server's `testPhaseKpis`; shares are 0..1). */
export const kpiUnits: Record<TestPhaseKpi, TestPhaseKpiDefinition['unit']> = {
  utilisation: 'share',
  cost_per_contact: 'eur',
  satisfaction: 'score',
  would_use_again_share: 'share',
  outside_district_share: 'share',
  contacts_per_stop: 'contacts',
  wait_p90: 'minutes',
  no_show_rate: 'share',
};

/**
 * The words and numbers of a test phase in the page's language: KPI names (with the reference district),
 * values in each KPI's unit, targets ("mindestens 60,0 %"), statuses and the recommendation's reasons. The
 * PDF on the server says the same (src/server/evaluation/testPhaseReport.*.json).
 */
export function useTestPhaseFormat(districts: readonly { id: string; name: string }[]) {
  const format = useFormat();
  const { t, locale, number } = format;
  const euro = (value: number) =>
    new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'EUR',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(value);
  const fixed = (value: number, digits: number) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      value,
    );
  const kpiValue = (kpi: TestPhaseKpi, value: number) => {
    switch (kpiUnits[kpi]) {
      case 'share':
        return t('metrics.percent', { value: fixed(value * 100, 1) });
      case 'eur':
        return euro(value);
      case 'score':
        return fixed(value, 2);
      case 'minutes':
        return t('metrics.minutes', { value: fixed(value, 1) });
      case 'contacts':
        return fixed(value, 1);
    }
  };
  const districtName = (id: string | null) =>
    id === null ? '' : (districts.find((district) => district.id === id)?.name ?? id);
  const kpiName = (kpi: TestPhaseKpi, districtId: string | null | undefined) =>
    t(`testPhases.kpis.${kpi}`, { district: districtName(districtId ?? null) });
  const targetText = (target: { kpi: TestPhaseKpi; comparator: 'at_least' | 'at_most'; target: number }) =>
    t(`testPhases.comparators.${target.comparator}`, { value: kpiValue(target.kpi, target.target) });
  const actualText = (result: TestPhaseKpiResult) =>
    result.actual === null ? t('testPhases.report.noData') : kpiValue(result.kpi, result.actual);
  const statusKey = (result: TestPhaseKpiResult) =>
    result.status === 'missed' && result.clearlyMissed ? 'clearly_missed' : result.status;
  const statusText = (result: TestPhaseKpiResult) => t(`testPhases.statuses.${statusKey(result)}`);
  const reasonText = (reason: TestPhaseReason, margin: number, below: number) => {
    const marginText = t('metrics.percent', { value: number(margin * 100) });
    if (!reason.kpi) return t(`testPhases.reasons.${reason.code}`, { ...reason, margin: marginText });
    const kpi = kpiName(reason.kpi, reason.districtId);
    if (reason.actual === undefined || reason.target === undefined || !reason.comparator) {
      return t(`testPhases.reasons.${reason.code}`, { kpi, below });
    }
    return t(`testPhases.reasons.${reason.code}`, {
      kpi,
      actual: kpiValue(reason.kpi, reason.actual),
      target: targetText({ kpi: reason.kpi, comparator: reason.comparator, target: reason.target }),
    });
  };
  return {
    ...format,
    euro,
    fixed,
    kpiValue,
    kpiName,
    targetText,
    actualText,
    statusKey,
    statusText,
    reasonText,
  };
}
