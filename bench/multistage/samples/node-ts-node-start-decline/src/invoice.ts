export interface Line {
  description: string;
  quantity: number;
  unitCents: number;
}

export const VAT_RATE = 0.21;

export function totals(lines: Line[]): { net: number; vat: number; gross: number } {
  const net = lines.reduce((sum, l) => sum + l.quantity * l.unitCents, 0);
  const vat = Math.round(net * VAT_RATE);
  return { net, vat, gross: net + vat };
}

export function euros(cents: number): string {
  return `EUR ${(cents / 100).toFixed(2)}`;
}
