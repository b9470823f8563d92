// Fees are set in Germany in euro: shown the German way (46,00 €) on the English pages too.
const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });

export function formatEuro(amount: number): string {
  return euro.format(amount);
}
