import ms from "ms";
import { Check, summarise } from "./checks";

const checks: Check[] = [
  { service: "api", ok: true, latencyMs: 120 },
  { service: "api", ok: true, latencyMs: 95 },
  { service: "api", ok: false, latencyMs: 30_000 },
  { service: "web", ok: true, latencyMs: 40 },
  { service: "web", ok: true, latencyMs: 52 },
  { service: "auth", ok: false, latencyMs: 5_000 },
  { service: "auth", ok: false, latencyMs: 5_000 },
  { service: "auth", ok: true, latencyMs: 210 },
];

for (const s of summarise(checks)) {
  const uptime = (s.uptime * 100).toFixed(1).padStart(5);
  console.log(
    `${s.service.padEnd(5)} ${uptime}% uptime, worst ${ms(s.worstLatencyMs).padStart(4)}, down ${ms(s.downtimeMs, { long: true })}`,
  );
}
