/**
 * cdktf captures a complete stack trace (no depth limit) for every token it creates, to explain
 * errors a generated stack never hits; that was a quarter of synth time. While `run` runs,
 * `Error.captureStackTrace` skips targets that are not errors (cdktf's plain `{ stack }`
 * records, which then stay empty); errors keep their traces. `run` is synchronous, so nothing
 * else runs while the global is swapped, and it is restored whatever happens.
 */
export function withoutTokenTraces<T>(run: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (...args: Parameters<typeof capture>) => {
    if (args[0] instanceof Error) capture(...args);
  };
  try {
    return run();
  } finally {
    Error.captureStackTrace = capture;
  }
}
