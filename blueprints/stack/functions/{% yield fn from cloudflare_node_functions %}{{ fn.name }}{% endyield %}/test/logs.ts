/** Test helper: the JSON lines the Worker writes, captured from the console. */
import { vi } from 'vitest';

export type Line = Record<string, unknown>;

/** Capture every console line (parsed); the level is checked against the console method used. */
export const captureLogs = (): Line[] => {
  const lines: Line[] = [];
  const methods = { debug: 'debug', log: 'info', warn: 'warn', error: 'error' } as const;
  for (const [method, level] of Object.entries(methods)) {
    vi.spyOn(console, method as keyof typeof methods).mockImplementation((text: string) => {
      const line = JSON.parse(text) as Line;
      if (line.level !== level) throw new Error(`${line.level} line written with console.${method}`);
      lines.push(line);
    });
  }
  return lines;
};

/** RFC 3339 in UTC with milliseconds, as every unit of the stack writes `time`. */
export const UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** The format of the request ids every unit of the stack makes. */
export const GENERATED_ID = /^[0-9a-f]{32}$/;
