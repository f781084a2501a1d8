import http from "http";
import { Line, euros, totals } from "./invoice";

const example: Line[] = [
  { description: "Consulting (hours)", quantity: 12, unitCents: 9500 },
  { description: "Travel", quantity: 1, unitCents: 23450 },
];

function render(lines: Line[]): string {
  const t = totals(lines);
  return [
    ...lines.map((l) => `${l.description.padEnd(20)} ${String(l.quantity).padStart(3)} x ${euros(l.unitCents)}`),
    `net   ${euros(t.net)}`,
    `VAT   ${euros(t.vat)}`,
    `total ${euros(t.gross)}`,
  ].join("\n");
}

if (process.argv.includes("--once")) {
  console.log(render(example));
} else {
  http.createServer((_req, res) => res.end(render(example) + "\n")).listen(4000);
}
