// Buffered logging: request lines are collected and written in one go per tick, so a
// busy server does not pay a write per request.
export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export class Logger {
  private buffer: string[] = [];
  private scheduled = false;
  constructor(
    readonly level: LogLevel = "info",
    private readonly sink: (chunk: string) => void = (c) => process.stdout.write(c),
  ) {}

  enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level] && level !== "silent";
  }

  log(level: LogLevel, line: string): void {
    if (!this.enabled(level)) return;
    this.buffer.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  info(line: string): void {
    this.log("info", line);
  }
  error(line: string): void {
    this.log("error", line);
  }

  flush(): void {
    this.scheduled = false;
    if (!this.buffer.length) return;
    const chunk = this.buffer.join("\n") + "\n";
    this.buffer = [];
    this.sink(chunk);
  }
}

let isoMs = Number.NaN;
let isoText = "";
/** The time as an ISO 8601 text, made once per millisecond however many lines share it. */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

export function isLogLevel(v: string): v is LogLevel {
  return v in RANK;
}
