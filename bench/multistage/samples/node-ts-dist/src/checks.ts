export interface Check {
  service: string;
  ok: boolean;
  latencyMs: number;
}

export interface Summary {
  service: string;
  checks: number;
  uptime: number;
  worstLatencyMs: number;
  downtimeMs: number;
}

/** One check a minute: every failed check counts as a minute of downtime. */
export function summarise(checks: Check[], intervalMs = 60_000): Summary[] {
  const byService = new Map<string, Check[]>();
  for (const check of checks) {
    byService.set(check.service, [...(byService.get(check.service) ?? []), check]);
  }
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, list]) => {
      const failures = list.filter((c) => !c.ok).length;
      return {
        service,
        checks: list.length,
        uptime: (list.length - failures) / list.length,
        worstLatencyMs: Math.max(...list.map((c) => c.latencyMs)),
        downtimeMs: failures * intervalMs,
      };
    });
}
