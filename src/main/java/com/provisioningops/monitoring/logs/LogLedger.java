package com.provisioningops.monitoring.logs;

import com.provisioningops.failure.Failure;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the log monitor keeps its cursor, each window's journal, and each job's {@link LogTally}. A
 * window is committed by writing the advanced cursor and the window's tallies together, in one
 * transaction, and only then added to the jobs' tallies: a run that dies in between leaves a
 * journal the next run adds, and no job's tally takes one journal twice.
 *
 * <p>Every method throws {@link Failure.Unavailable} when the store fails.
 */
public interface LogLedger {
  /** The stored cursor, or {@link LogCursor#fresh()} before the first run. */
  LogCursor cursor();

  /** Saves {@code next} unless the cursor changed since {@code expected} was read. */
  Optional<LogCursor> replace(LogCursor expected, LogCursor next);

  /**
   * Saves {@code next} and {@code window}'s tallies as journal {@code next.journal()}, in one
   * transaction, unless the cursor changed since {@code expected} was read.
   *
   * @throws Failure.InvalidInput when the journal is too large for one transaction (the window must
   *     be read in smaller pieces)
   */
  Optional<LogCursor> commit(LogCursor expected, LogCursor next, Collection<LogTally> window);

  /** The tallies of journal {@code journal}; empty once it was cleared. */
  List<LogTally> journal(long journal);

  /** Deletes journals up to and including {@code journal}. */
  void clearJournal(long journal);

  /** Every job's tally, by job id. */
  Map<String, LogTally> jobLogs();

  Optional<LogTally> jobLog(String jobId);

  /**
   * Saves tallies, each only if unchanged since it was read (or, new, if still absent).
   *
   * @return the ids of jobs whose write lost a race and was not saved; the saved ones carry their
   *     new version
   */
  List<String> save(Collection<LogTally> logs);
}
